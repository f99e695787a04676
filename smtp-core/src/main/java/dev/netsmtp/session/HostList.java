/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpFatalException;
import dev.netsmtp.SmtpServerBusyException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.SmtpTlsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Servers tried in order, with failover: a server that refuses connections, times out, or greets
 * with 421 or 554 is skipped for a while ({@link #withSkipFor(Duration)}, 30 s by default) and the
 * next one is tried. Other failures (TLS, authentication) are not the server's availability and
 * are thrown at once. When every server is being skipped, all are tried again rather than none.
 * Thread-safe.
 */
public final class HostList {

    private static final System.Logger LOG = System.getLogger("dev.netsmtp.session");

    private final List<SmtpConfig> configs;
    private final Duration skipFor;
    private final Clock clock;
    private final Map<Integer, Instant> downUntil;

    private HostList(List<SmtpConfig> configs, Duration skipFor, Clock clock, Map<Integer, Instant> downUntil) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("a host list needs at least one server");
        }
        this.configs = List.copyOf(configs);
        this.skipFor = skipFor;
        this.clock = clock;
        this.downUntil = downUntil;
    }

    /**
     * Creates a list of servers.
     *
     * @param configs one configuration per server, in order of preference
     * @return the list
     */
    public static HostList of(SmtpConfig... configs) {
        return of(List.of(configs));
    }

    /**
     * Creates a list of servers.
     *
     * @param configs one configuration per server, in order of preference
     * @return the list
     * @throws IllegalArgumentException when empty
     */
    public static HostList of(List<SmtpConfig> configs) {
        return new HostList(configs, Duration.ofSeconds(30), Clock.systemUTC(), new ConcurrentHashMap<>());
    }

    /**
     * Sets how long a failed server is skipped.
     *
     * @param skip positive
     * @return a new list with the setting
     */
    public HostList withSkipFor(Duration skip) {
        if (skip.isNegative()) {
            throw new IllegalArgumentException("skip time must not be negative");
        }
        return new HostList(configs, skip, clock, new ConcurrentHashMap<>());
    }

    /**
     * Sets the clock that times the skipping, for tests.
     *
     * @param clock the clock
     * @return a new list with the clock
     */
    public HostList withClock(Clock clock) {
        return new HostList(configs, skipFor, clock, new ConcurrentHashMap<>());
    }

    /**
     * Returns the configurations.
     *
     * @return the servers in order
     */
    public List<SmtpConfig> configs() {
        return configs;
    }

    /**
     * Opens a session with the first server that answers.
     *
     * @return a started session
     * @throws SmtpException the last server's failure, with the others' as suppressed exceptions
     */
    public SmtpSession open() {
        return open(null);
    }

    /**
     * Opens a session with the first server that answers, all of it within a time limit: each
     * server's DNS lookup, connect, greeting, EHLO, TLS handshake and AUTH run under what is left
     * of it, and no further server is tried once it has passed. The session keeps the limit
     * ({@link SmtpSession#timeLimit(Duration)}) until it is changed or cleared.
     *
     * @param timeLimit the bound on the whole, from now; null for none (each step still has its timeout)
     * @return a started session
     * @throws SmtpException the last server's failure, with the others' as suppressed exceptions;
     *     {@link SmtpTimeoutException} when the time limit passed
     */
    public SmtpSession open(@Nullable Duration timeLimit) {
        long deadline = timeLimit == null ? 0 : System.nanoTime() + timeLimit.toNanos();
        Instant now = clock.instant();
        boolean anyUp = false;
        for (int i = 0; i < configs.size(); i++) {
            Instant until = downUntil.get(i);
            anyUp |= until == null || !until.isAfter(now);
        }
        SmtpException last = null;
        for (int i = 0; i < configs.size(); i++) {
            Instant until = downUntil.get(i);
            if (anyUp && until != null && until.isAfter(now)) {
                continue;
            }
            SmtpConfig config = configs.get(i);
            SmtpSession session = Smtp.newSession(config);
            if (timeLimit != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    SmtpTimeoutException t = new SmtpTimeoutException(
                            "the time limit of " + timeLimit + " passed before " + config.host() + ":" + config.port()
                                    + " could be tried",
                            null,
                            null,
                            null,
                            true);
                    if (last != null) {
                        t.addSuppressed(last);
                    }
                    throw t;
                }
                session.timeLimit(Duration.ofNanos(left));
            }
            try {
                session.start();
                downUntil.remove(i);
                return session;
            } catch (SmtpException e) {
                if (!serversFault(e)) {
                    throw e;
                }
                downUntil.put(i, now.plus(skipFor));
                if (configs.size() > 1) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "SMTP server " + config.host() + ":" + config.port() + " failed (" + e.getMessage()
                                    + "); skipping it for " + skipFor);
                }
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        if (last == null) {
            throw new IllegalStateException("no server was tried");
        }
        throw last;
    }

    /**
     * Tells whether a failure to start says the server is unavailable: refused or broken
     * connections, its own timeouts, 4xx and 421, a 554 greeting, a transient TLS failure. Never
     * the caller's deadline (a send timeout that passed says nothing about the server), nor
     * authentication or a certificate, which another server of the same list would refuse too.
     */
    private static boolean serversFault(SmtpException e) {
        if (e instanceof SmtpTimeoutException t) {
            return !t.timeLimitPassed();
        }
        if (e instanceof SmtpFatalException) {
            return e.command().orElse("").startsWith("<greeting");
        }
        return e instanceof SmtpConnectionException
                || e instanceof SmtpServerBusyException
                || (e instanceof SmtpTlsException && e.isTransient());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HostList[");
        for (SmtpConfig c : configs) {
            sb.append(c.host()).append(':').append(c.port()).append(' ');
        }
        sb.setLength(sb.length() - 1);
        return sb.append(']').toString();
    }
}
