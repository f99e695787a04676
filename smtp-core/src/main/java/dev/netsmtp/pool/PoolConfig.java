/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.pool;

import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link PooledSmtpSessionFactory} pools sessions. Immutable; built with {@link #builder()}.
 *
 * <table>
 * <caption>defaults</caption>
 * <tr><th>setting</th><th>default</th><th>why</th></tr>
 * <tr><td>maxTotal</td><td>8</td><td>servers limit concurrent connections per client</td></tr>
 * <tr><td>maxIdle</td><td>maxTotal</td><td>a burst's sessions stay for the next one, instead of QUIT and a new TCP, TLS and AUTH handshake</td></tr>
 * <tr><td>minIdle</td><td>0</td><td>no connection is held open for nothing</td></tr>
 * <tr><td>maxWait</td><td>30 s</td><td>then {@link dev.netsmtp.SmtpPoolExhaustedException}</td></tr>
 * <tr><td>maxMessagesPerSession</td><td>1000</td><td>then a fresh connection; a server with a lower cap replies 421, which the template retries on a new connection</td></tr>
 * <tr><td>maxLifetime</td><td>10 min</td><td>spreads load after DNS or server changes</td></tr>
 * <tr><td>idleValidationAfter</td><td>10 s</td><td>a session idle longer gets a NOOP before reuse</td></tr>
 * <tr><td>idleTimeout</td><td>60 s</td><td>idle sessions are closed (with QUIT) before servers drop them</td></tr>
 * <tr><td>evictionInterval</td><td>15 s</td><td>how often idle sessions are checked</td></tr>
 * <tr><td>closeTimeout</td><td>10 s</td><td>the bound on {@code close()} as a whole (parallel QUITs, waiting for lent sessions) and on each QUIT the pool sends</td></tr>
 * </table>
 */
public final class PoolConfig {

    private final int maxTotal;
    private final int maxIdle;
    private final int minIdle;
    private final Duration maxWait;
    private final int maxMessagesPerSession;
    private final Duration maxLifetime;
    private final Duration idleValidationAfter;
    private final Duration idleTimeout;
    private final Duration evictionInterval;
    private final Duration closeTimeout;
    private final Clock clock;

    private PoolConfig(Builder b) {
        int idle = b.maxIdle == null ? b.maxTotal : b.maxIdle;
        if (b.minIdle > idle || idle > b.maxTotal) {
            throw new IllegalArgumentException("pool sizes must satisfy minIdle <= maxIdle <= maxTotal, were "
                    + b.minIdle + ", " + idle + ", " + b.maxTotal);
        }
        int total = b.maxTotal;
        int perSession = b.maxMessagesPerSession;
        dev.netsmtp.throttle.ThrottlePolicy within = b.within;
        if (within != null) {
            // The server's limits win over larger sizes; smaller ones stay.
            if (within.maxConnections() > 0) {
                total = Math.min(total, within.maxConnections());
            }
            if (within.maxMessagesPerConnection() > 0) {
                perSession = Math.min(perSession, within.maxMessagesPerConnection());
            }
        }
        this.maxTotal = total;
        this.maxIdle = Math.min(idle, total);
        this.minIdle = Math.min(b.minIdle, total);
        this.maxWait = b.maxWait;
        this.maxMessagesPerSession = perSession;
        this.maxLifetime = b.maxLifetime;
        this.idleValidationAfter = b.idleValidationAfter;
        this.idleTimeout = b.idleTimeout;
        this.evictionInterval = b.evictionInterval;
        this.closeTimeout = b.closeTimeout;
        this.clock = b.clock;
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the defaults.
     *
     * @return the default configuration
     */
    public static PoolConfig defaults() {
        return builder().build();
    }

    /**
     * Returns the most sessions open at once.
     *
     * @return max total
     */
    public int maxTotal() {
        return maxTotal;
    }

    /**
     * Returns the most idle sessions kept.
     *
     * @return max idle
     */
    public int maxIdle() {
        return maxIdle;
    }

    /**
     * Returns the fewest idle sessions kept open.
     *
     * @return min idle
     */
    public int minIdle() {
        return minIdle;
    }

    /**
     * Returns how long a borrower waits for a free session.
     *
     * @return max wait
     */
    public Duration maxWait() {
        return maxWait;
    }

    /**
     * Returns how many messages a session carries before it is closed.
     *
     * @return the cap
     */
    public int maxMessagesPerSession() {
        return maxMessagesPerSession;
    }

    /**
     * Returns how old a session may get before it is closed.
     *
     * @return max lifetime
     */
    public Duration maxLifetime() {
        return maxLifetime;
    }

    /**
     * Returns the idle time after which a session is checked with NOOP before reuse.
     *
     * @return the threshold
     */
    public Duration idleValidationAfter() {
        return idleValidationAfter;
    }

    /**
     * Returns the idle time after which the evictor closes a session.
     *
     * @return idle timeout
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Returns how often the evictor runs.
     *
     * @return the interval
     */
    public Duration evictionInterval() {
        return evictionInterval;
    }

    /**
     * Returns the bound on the pool's {@code close()} as a whole, and on each QUIT it sends.
     *
     * @return the wait
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * Returns the clock for ages and idle times.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "PoolConfig[maxTotal=" + maxTotal + ", maxIdle=" + maxIdle + ", minIdle=" + minIdle + ", maxWait="
                + maxWait + ", maxMessagesPerSession=" + maxMessagesPerSession + ", maxLifetime=" + maxLifetime
                + ", idleValidationAfter=" + idleValidationAfter + ", idleTimeout=" + idleTimeout
                + ", evictionInterval=" + evictionInterval + "]";
    }

    /** Builds a {@link PoolConfig}. Not thread-safe. */
    public static final class Builder {
        private int maxTotal = 8;
        private @Nullable Integer maxIdle; // follows maxTotal unless set
        private int minIdle;
        private Duration maxWait = Duration.ofSeconds(30);
        private int maxMessagesPerSession = 1000;
        private Duration maxLifetime = Duration.ofMinutes(10);
        private Duration idleValidationAfter = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration evictionInterval = Duration.ofSeconds(15);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();
        private dev.netsmtp.throttle.@Nullable ThrottlePolicy within;

        private Builder() {}

        /**
         * Keeps the pool within a server's connection limits, as a throttle policy carries them: at
         * most {@link dev.netsmtp.throttle.ThrottlePolicy#maxConnections()} sessions open (idle ones
         * included) and {@link dev.netsmtp.throttle.ThrottlePolicy#maxMessagesPerConnection()}
         * messages on each. Applied when the configuration is built, whatever the order of the
         * setters: a smaller size set here stays; a limit of 0 changes nothing.
         *
         * @param policy the policy of the templates that will use the pool
         * @return this builder
         */
        public Builder within(dev.netsmtp.throttle.ThrottlePolicy policy) {
            this.within = java.util.Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the most sessions open at once. The order of the setters does not matter: the
         * sizes are checked together by {@link #build()}.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxTotal(int n) {
            this.maxTotal = atLeast("maxTotal", n, 1);
            return this;
        }

        /**
         * Sets the most idle sessions kept; unless set, it is {@code maxTotal}.
         *
         * @param n at least 0
         * @return this builder
         */
        public Builder maxIdle(int n) {
            this.maxIdle = atLeast("maxIdle", n, 0);
            return this;
        }

        /**
         * Sets the fewest idle sessions kept open (opened by the evictor).
         *
         * @param n at least 0
         * @return this builder
         */
        public Builder minIdle(int n) {
            this.minIdle = atLeast("minIdle", n, 0);
            return this;
        }

        /**
         * Sets how long a borrower waits for a free session.
         *
         * @param wait positive
         * @return this builder
         */
        public Builder maxWait(Duration wait) {
            this.maxWait = positive("maxWait", wait);
            return this;
        }

        /**
         * Sets how many messages a session carries before it is closed.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxMessagesPerSession(int n) {
            this.maxMessagesPerSession = atLeast("maxMessagesPerSession", n, 1);
            return this;
        }

        /**
         * Sets how old a session may get.
         *
         * @param lifetime positive
         * @return this builder
         */
        public Builder maxLifetime(Duration lifetime) {
            this.maxLifetime = positive("maxLifetime", lifetime);
            return this;
        }

        /**
         * Sets the idle time after which a session is checked with NOOP before reuse.
         *
         * @param after zero checks every reuse
         * @return this builder
         */
        public Builder idleValidationAfter(Duration after) {
            if (after.isNegative()) {
                throw new IllegalArgumentException("idleValidationAfter must not be negative, was " + after);
            }
            this.idleValidationAfter = after;
            return this;
        }

        /**
         * Sets the idle time after which the evictor closes a session.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive("idleTimeout", timeout);
            return this;
        }

        /**
         * Sets how often the evictor runs.
         *
         * @param interval positive
         * @return this builder
         */
        public Builder evictionInterval(Duration interval) {
            this.evictionInterval = positive("evictionInterval", interval);
            return this;
        }

        /**
         * Sets the bound on the pool's {@code close()} as a whole (QUIT to idle sessions in
         * parallel, waiting for lent ones), and on each QUIT the pool sends.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = positive("closeTimeout", timeout);
            return this;
        }

        /**
         * Sets the clock for ages and idle times, for tests.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when minIdle &gt; maxIdle or maxIdle &gt; maxTotal
         */
        public PoolConfig build() {
            return new PoolConfig(this);
        }

        private static int atLeast(String name, int n, int min) {
            if (n < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", was " + n);
            }
            return n;
        }

        private static Duration positive(String name, Duration d) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
