/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How the outbox's workers run: threads, how they find work and notice a dead instance, how they
 * retry, and how long rows are kept. Immutable; {@link #builder()} starts from the defaults.
 *
 * <p>A worker instance is declared dead when it has not written its heartbeat for
 * {@code heartbeatInterval × missedHeartbeats}; what it was sending then becomes
 * {@link OutboxState#UNCERTAIN} and what it had only taken is tried by another instance.
 */
public final class OutboxSettings {

    private final int threads;
    private final int batchSize;
    private final Duration pollingInterval;
    private final Duration heartbeatInterval;
    private final int missedHeartbeats;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Duration maxAge;
    private final Duration retention;
    private final Duration maintenanceInterval;
    private final Duration resultWriteTimeout;
    private final String nodeName;

    private OutboxSettings(Builder b) {
        this.threads = b.threads;
        this.batchSize = b.batchSize;
        this.pollingInterval = b.pollingInterval;
        this.heartbeatInterval = b.heartbeatInterval;
        this.missedHeartbeats = b.missedHeartbeats;
        this.retryInitial = b.retryInitial;
        this.retryMax = b.retryMax;
        this.maxAge = b.maxAge;
        this.retention = b.retention;
        this.maintenanceInterval = b.maintenanceInterval;
        this.resultWriteTimeout = b.resultWriteTimeout;
        this.nodeName = b.nodeName;
    }

    /**
     * Returns the defaults.
     *
     * @return 8 threads sending 20 messages at a time, polling every second, a heartbeat every 10 s (dead after 6 missed), retries
     *     from 30 s doubling to 30 min for at most 2 days, sent rows kept 7 days
     */
    public static OutboxSettings defaults() {
        return builder().build();
    }

    /**
     * Starts a builder from the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the worker threads per instance, each sending one message at a time */
    public int threads() {
        return threads;
    }

    /**
     * Returns how many messages a thread marks {@link OutboxState#SENDING} at once and sends in one
     * pipelined {@code sendAll}: the larger, the faster; and the more messages are parked
     * {@link OutboxState#UNCERTAIN} if the instance dies while sending them.
     *
     * @return the chunk size
     */
    public int batchSize() {
        return batchSize;
    }

    /** @return how often an idle instance looks for due messages */
    public Duration pollingInterval() {
        return pollingInterval;
    }

    /** @return how often an instance writes its heartbeat for what it is working on */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** @return how many heartbeats an instance may miss before it is declared dead */
    public int missedHeartbeats() {
        return missedHeartbeats;
    }

    /** @return the wait before the first retry of a transient refusal */
    public Duration retryInitial() {
        return retryInitial;
    }

    /** @return the longest wait between retries */
    public Duration retryMax() {
        return retryMax;
    }

    /** @return how long after its enqueueing a message may still be retried; then it fails */
    public Duration maxAge() {
        return maxAge;
    }

    /** @return how long sent messages are kept before they are purged */
    public Duration retention() {
        return retention;
    }

    /** @return how often one instance of the cluster purges and repairs */
    public Duration maintenanceInterval() {
        return maintenanceInterval;
    }

    /** @return how long a worker keeps trying to record an outcome while the database is away */
    public Duration resultWriteTimeout() {
        return resultWriteTimeout;
    }

    /** @return this instance's name in the outbox (the {@code node} of what it takes) */
    public String nodeName() {
        return nodeName;
    }

    @Override
    public String toString() {
        return "OutboxSettings[threads=" + threads + ", batch=" + batchSize + ", polling=" + pollingInterval
                + ", heartbeat=" + heartbeatInterval
                + " x" + missedHeartbeats + ", retry=" + retryInitial + ".." + retryMax + ", maxAge=" + maxAge
                + ", retention=" + retention + ", node=" + nodeName + "]";
    }

    /** Builds {@link OutboxSettings}. Not thread-safe. */
    public static final class Builder {
        private int threads = 8;
        private int batchSize = 20;
        private Duration pollingInterval = Duration.ofSeconds(1);
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private int missedHeartbeats = 6;
        private Duration retryInitial = Duration.ofSeconds(30);
        private Duration retryMax = Duration.ofMinutes(30);
        private Duration maxAge = Duration.ofDays(2);
        private Duration retention = Duration.ofDays(7);
        private Duration maintenanceInterval = Duration.ofMinutes(1);
        private Duration resultWriteTimeout = Duration.ofMinutes(2);
        private String nodeName = defaultNodeName();

        private Builder() {}

        /**
         * Sets the worker threads per instance.
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Sets how many messages a thread marks and sends at once (see {@link OutboxSettings#batchSize()}).
         *
         * @param size 1 (each message marked just before it is sent) to 1,000
         * @return this builder
         */
        public Builder batchSize(int size) {
            if (size < 1 || size > 1000) {
                throw new IllegalArgumentException("batchSize must be 1 to 1000, was " + size);
            }
            this.batchSize = size;
            return this;
        }

        /**
         * Sets how often an idle instance looks for due messages.
         *
         * @param interval positive
         * @return this builder
         */
        public Builder pollingInterval(Duration interval) {
            this.pollingInterval = positive("pollingInterval", interval);
            return this;
        }

        /**
         * Sets the heartbeat interval and how many may be missed before an instance is dead.
         *
         * @param interval positive
         * @param missed at least 2
         * @return this builder
         */
        public Builder heartbeat(Duration interval, int missed) {
            this.heartbeatInterval = positive("heartbeatInterval", interval);
            if (missed < 2) {
                throw new IllegalArgumentException("missedHeartbeats must be at least 2, was " + missed);
            }
            this.missedHeartbeats = missed;
            return this;
        }

        /**
         * Sets the retry waits: the first, doubled each time up to the longest, with jitter.
         *
         * @param initial positive
         * @param max at least {@code initial}
         * @return this builder
         */
        public Builder retry(Duration initial, Duration max) {
            positive("retryInitial", initial);
            positive("retryMax", max);
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException(
                        "retryMax (" + max + ") is shorter than retryInitial (" + initial + ")");
            }
            this.retryInitial = initial;
            this.retryMax = max;
            return this;
        }

        /**
         * Sets how long after its enqueueing a message may still be retried.
         *
         * @param age positive
         * @return this builder
         */
        public Builder maxAge(Duration age) {
            this.maxAge = positive("maxAge", age);
            return this;
        }

        /**
         * Sets how long sent messages are kept.
         *
         * @param retention positive
         * @return this builder
         */
        public Builder retention(Duration retention) {
            this.retention = positive("retention", retention);
            return this;
        }

        /**
         * Sets how often the cluster purges sent rows and repairs rows left without work.
         *
         * @param interval positive
         * @return this builder
         */
        public Builder maintenanceInterval(Duration interval) {
            this.maintenanceInterval = positive("maintenanceInterval", interval);
            return this;
        }

        /**
         * Sets how long a worker keeps trying to record an outcome while the database is away; past
         * it the message stays {@link OutboxState#SENDING} and becomes {@link OutboxState#UNCERTAIN}.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder resultWriteTimeout(Duration timeout) {
            this.resultWriteTimeout = positive("resultWriteTimeout", timeout);
            return this;
        }

        /**
         * Names this instance (default: host name and process id).
         *
         * @param name 1 to 50 printable characters
         * @return this builder
         */
        public Builder nodeName(String name) {
            Objects.requireNonNull(name, "nodeName");
            if (name.isEmpty() || name.length() > 50 || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException(
                        "nodeName must be 1 to 50 printable ASCII characters without spaces");
            }
            this.nodeName = name;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public OutboxSettings build() {
            return new OutboxSettings(this);
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        private static String defaultNodeName() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
            String name = host.replaceAll("[^!-~]", "") + "-"
                    + ProcessHandle.current().pid();
            return name.length() > 50 ? name.substring(name.length() - 50) : name;
        }
    }
}
