/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.pool;

import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpInterruptedException;
import dev.netsmtp.SmtpPoolExhaustedException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.internal.SessionMechanics;
import dev.netsmtp.session.HostList;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.session.SmtpSessionFactory;
import java.time.Duration;
import java.util.NoSuchElementException;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.EvictionConfig;
import org.apache.commons.pool2.impl.EvictionPolicy;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;

/**
 * Lends warm sessions from a pool (Apache Commons Pool 2 inside), so a message costs its own
 * commands and not a TCP and TLS handshake, a greeting and EHLO.
 *
 * <p>A lent session's {@code close()} gives it back: with RSET first when a transaction was left
 * open, or closed instead (with QUIT when possible) when it saw an I/O error, a timeout or a 421,
 * reached {@link PoolConfig#maxMessagesPerSession()} or {@link PoolConfig#maxLifetime()}. A session
 * idle longer than {@link PoolConfig#idleValidationAfter()} is checked with NOOP before it is lent
 * again; the evictor closes sessions idle longer than {@link PoolConfig#idleTimeout()}.
 * {@link #close()} QUITs every idle session in parallel and waits for lent ones, all within
 * {@link PoolConfig#closeTimeout()}; every other QUIT the pool sends runs on a daemon thread of its
 * own, bounded by the same timeout, so no borrowing or returning thread waits for one. Thread-safe. Logs to {@code System.Logger} {@code dev.netsmtp.pool}.
 *
 * <pre>{@code
 * try (PooledSmtpSessionFactory factory = new PooledSmtpSessionFactory(config, PoolConfig.defaults())) {
 *     try (SmtpSession session = factory.getSession()) {
 *         session.sendMessage(message, from, to);
 *     }
 * }
 * }</pre>
 */
public final class PooledSmtpSessionFactory implements SmtpSessionFactory {

    private static final System.Logger LOG = System.getLogger("dev.netsmtp.pool");

    /** The least a try waits for opens under way (Commons Pool reads zero as "for ever"). */
    private static final long MIN_WAIT_NANOS = 1_000_000;

    private final HostList hosts;
    private final PoolConfig config;
    private final SessionObjectFactory objects;
    private final GenericObjectPool<PoolEntry> pool;
    private final Vacancies vacancies = new Vacancies();
    private volatile boolean closed;

    /** For tests: runs on a borrower that found the pool full, between its try and its wait. */
    volatile @Nullable Runnable beforeWait;

    /**
     * Creates a pool for one server.
     *
     * @param session the server and session settings
     * @param pool the pool settings
     */
    public PooledSmtpSessionFactory(SmtpConfig session, PoolConfig pool) {
        this(HostList.of(session), pool);
    }

    /**
     * Creates a pool with failover across several servers.
     *
     * @param hosts the servers, tried in order when a session is opened
     * @param config the pool settings
     */
    public PooledSmtpSessionFactory(HostList hosts, PoolConfig config) {
        this.hosts = hosts;
        this.config = config;
        this.objects = new SessionObjectFactory(hosts, config);
        GenericObjectPoolConfig<PoolEntry> c = new GenericObjectPoolConfig<>();
        c.setMaxTotal(config.maxTotal());
        c.setMaxIdle(config.maxIdle());
        c.setMinIdle(config.minIdle());
        c.setMaxWait(config.maxWait());
        // Borrowers wait in Vacancies, not on Commons Pool's idle deque, which a freed slot never wakes.
        c.setBlockWhenExhausted(false);
        c.setLifo(true); // the most recently used session is the one least likely to be dropped
        c.setTestOnBorrow(true);
        c.setTestWhileIdle(false); // a NOOP per idle session per run would only keep them from ageing
        c.setTimeBetweenEvictionRuns(config.evictionInterval());
        c.setNumTestsPerEvictionRun(-1);
        c.setEvictionPolicy(new IdlePolicy());
        c.setJmxEnabled(false);
        this.pool = new SignallingPool(objects, c, vacancies);
    }

    @Override
    public SmtpSession getSession() {
        return borrow(null);
    }

    /**
     * Lends a session within a time limit: the wait for a free session takes at most what is
     * left of it (or {@link PoolConfig#maxWait()}, when shorter), and opening or checking a
     * session runs under it, on this thread.
     *
     * @param timeLimit positive
     * @return the session, with what is left of the limit applied
     * @throws SmtpTimeoutException when the limit passes first
     * @throws SmtpPoolExhaustedException when {@code maxWait} passes first
     * @throws SmtpInterruptedException when the thread is interrupted while it waits
     */
    @Override
    public SmtpSession getSession(Duration timeLimit) {
        return borrow(timeLimit);
    }

    private SmtpSession borrow(@Nullable Duration timeLimit) {
        if (closed) {
            throw new IllegalStateException("the SMTP session pool is closed");
        }
        long start = System.nanoTime();
        long deadline = timeLimit == null ? 0 : start + timeLimit.toNanos();
        Duration wait = timeLimit != null && timeLimit.compareTo(config.maxWait()) < 0 ? timeLimit : config.maxWait();
        boolean limitFirst = wait != config.maxWait();
        long waitEnd = start + wait.toNanos();
        long[] borrow = SessionObjectFactory.BORROW_DEADLINE.get();
        borrow[0] = deadline;
        borrow[1] = timeLimit == null ? 0 : 1;
        borrow[2] = 1;
        PoolEntry entry = null;
        boolean waiting = false;
        try {
            while (entry == null) {
                long seen = vacancies.changes();
                entry = tryBorrow(waitEnd);
                if (entry != null) {
                    break;
                }
                if (closed) {
                    throw new IllegalStateException("the SMTP session pool is closed");
                }
                if (!waiting) {
                    // Counted as waiting before the count is read again: a change from here on
                    // either moves the count this thread reads next or finds it waiting.
                    vacancies.enter();
                    waiting = true;
                    continue;
                }
                Runnable hook = beforeWait;
                if (hook != null) {
                    hook.run();
                }
                long left = waitEnd - System.nanoTime();
                if (left <= 0 || !vacancies.awaitChange(seen, left)) {
                    throw exhausted(limitFirst, timeLimit);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmtpInterruptedException("interrupted while waiting for a pooled SMTP session", e);
        } finally {
            if (waiting) {
                vacancies.leave();
            }
            borrow[2] = 0;
        }
        entry.lentAt = config.clock().millis();
        entry.lent = true;
        PooledSession session = new PooledSession(entry, this);
        if (timeLimit != null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                session.close();
                throw new SmtpTimeoutException(
                        "the time limit of " + timeLimit + " passed while getting a pooled SMTP session",
                        null,
                        null,
                        null,
                        true);
            }
            entry.session.timeLimit(Duration.ofNanos(left));
        }
        return session;
    }

    /**
     * One try: an idle session, or a new one when the pool has room (opened on this thread,
     * under its deadline); null when every slot is taken. A failed open frees its slot again, so
     * a waiting borrower is told.
     */
    private @Nullable PoolEntry tryBorrow(long waitEnd) {
        // Commons Pool waits here only for opens already under way that may fill the pool.
        Duration inProgress = Duration.ofNanos(Math.max(MIN_WAIT_NANOS, waitEnd - System.nanoTime()));
        try {
            return pool.borrowObject(inProgress);
        } catch (NoSuchElementException e) {
            if (String.valueOf(e.getMessage()).startsWith("Pool exhausted")) {
                return null;
            }
            vacancies.one();
            throw new SmtpConnectionException("could not open a usable SMTP session: " + e.getMessage(), null, null, e);
        } catch (SmtpException e) {
            vacancies.one();
            throw e;
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the SMTP session pool is closed", e);
        } catch (Exception e) {
            vacancies.one();
            throw new SmtpConnectionException("could not open an SMTP session: " + e, null, null, e);
        }
    }

    private SmtpException exhausted(boolean limitFirst, @Nullable Duration timeLimit) {
        int others = Math.max(0, vacancies.waiting() - 1);
        if (limitFirst) {
            return new SmtpTimeoutException(
                    "no SMTP session became free within the time limit of " + timeLimit + ": all " + config.maxTotal()
                            + " sessions of the pool (maxTotal) are in use",
                    null,
                    null);
        }
        return new SmtpPoolExhaustedException("no SMTP session became free within " + config.maxWait() + ": all "
                + config.maxTotal() + " sessions of the pool (maxTotal) are in use and " + others
                + " other threads are waiting; raise maxTotal or maxWait");
    }

    /**
     * The counters of a session the pool opened. Every one comes from {@link HostList#open}, which
     * makes netsmtp's own sessions; one that had none would be reset and retired after one use.
     */
    private static SessionMechanics mechanics(SmtpSession s) {
        if (s instanceof SessionMechanics m) {
            return m;
        }
        return new SessionMechanics() {
            @Override
            public int messageCount() {
                return Integer.MAX_VALUE;
            }

            @Override
            public boolean inTransaction() {
                return true;
            }
        };
    }

    /** Messages the session may still send before {@link PoolConfig#maxMessagesPerSession()} retires it; at least one. */
    int messagesLeft(PoolEntry entry) {
        return Math.max(
                1, config.maxMessagesPerSession() - mechanics(entry.session).messageCount());
    }

    /**
     * Gives a session back, or retires it when it must not be reused. This thread never opens a
     * connection here and never waits for a QUIT. A session that must go (broken, too old, too
     * many messages) is closed and dropped on the closer's thread, with QUIT when it is still
     * usable, and keeps its place in {@code maxTotal} until then, so the pool never has more
     * connections open than that; once it is dropped, a waiting borrower is woken to open the
     * replacement on its own thread, under its own time limit ({@link Vacancies}).
     */
    void release(PoolEntry entry) {
        entry.lent = false;
        SmtpSession s = entry.session;
        boolean keep = !closed && s.isUsable();
        if (keep && mechanics(s).inTransaction()) {
            try {
                s.rset();
            } catch (SmtpException | IllegalStateException e) {
                keep = false;
            }
        }
        if (keep) {
            try {
                s.clearTimeLimit();
            } catch (SmtpException e) {
                keep = false;
            }
        }
        keep &= s.isUsable() && mechanics(s).messageCount() < config.maxMessagesPerSession() && !objects.tooOld(entry);
        entry.lastUsed = config.clock().millis();
        if (keep) {
            entry.returned = true;
            try {
                pool.returnObject(entry);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "could not give a session back to the pool", e);
                objects.closeNow(entry);
            }
            // Idle again, or closed by Commons Pool (more idle than maxIdle): either lets a borrower in.
            vacancies.one();
            return;
        }
        entry.retired = true;
        // The slot is freed only once the QUIT ended, on the closer's thread.
        objects.inBackground(entry, () -> drop(entry));
    }

    private void drop(PoolEntry entry) {
        try {
            pool.invalidateObject(entry);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "could not drop a session from the pool", e);
        } finally {
            vacancies.one();
        }
    }

    /**
     * Returns the pool's state now.
     *
     * @return a snapshot
     */
    public PoolStats stats() {
        long now = config.clock().millis();
        long longestMillis = 0;
        for (PoolEntry e : objects.all) {
            if (e.lent) {
                longestMillis = Math.max(longestMillis, now - e.lentAt);
            }
        }
        Duration longest = Duration.ofMillis(longestMillis);
        return new PoolStats(
                pool.getNumActive(),
                pool.getNumIdle(),
                vacancies.waiting(),
                pool.getCreatedCount(),
                pool.getDestroyedCount(),
                pool.getBorrowedCount(),
                config.maxTotal(),
                longest);
    }

    /**
     * Returns the pool settings.
     *
     * @return the configuration
     */
    public PoolConfig poolConfig() {
        return config;
    }

    /** Runs one eviction pass now, as the evictor would; for tests with an injected clock. */
    void evictNow() throws Exception {
        pool.evict();
    }

    /**
     * Closes the pool within {@link PoolConfig#closeTimeout()} in all: idle sessions get QUIT in
     * parallel, lent ones are waited for, and whatever has not answered by then has its socket
     * closed. Sessions still lent after that are closed when they are given back.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        vacancies.all(); // waiting borrowers learn that the pool closed
        long deadline = System.nanoTime() + config.closeTimeout().toNanos();
        objects.shuttingDown(deadline);
        pool.close(); // hands every idle session to the closer: QUIT, bounded by the deadline
        while (pool.getNumActive() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        objects.awaitClosed(deadline);
        if (pool.getNumActive() > 0) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    pool.getNumActive() + " SMTP sessions were still lent out after " + config.closeTimeout()
                            + "; each is closed when it is given back");
        }
    }

    @Override
    public String toString() {
        return "PooledSmtpSessionFactory[" + hosts + ", " + stats() + "]";
    }

    /** Commons Pool whose evictor says when it freed slots. */
    private static final class SignallingPool extends GenericObjectPool<PoolEntry> {
        private final Vacancies vacancies;

        SignallingPool(SessionObjectFactory objects, GenericObjectPoolConfig<PoolEntry> config, Vacancies vacancies) {
            super(objects, config);
            this.vacancies = vacancies;
        }

        @Override
        public void evict() throws Exception {
            try {
                super.evict();
            } finally {
                vacancies.all();
            }
        }
    }

    /** Evicts by the pool's own clock: broken, idle past the timeout, or past the lifetime. */
    private final class IdlePolicy implements EvictionPolicy<PoolEntry> {
        @Override
        public boolean evict(EvictionConfig evictionConfig, PooledObject<PoolEntry> underTest, int idleCount) {
            PoolEntry entry = underTest.getObject();
            return entry.retired
                    || !entry.session.isUsable()
                    || objects.idleFor(entry, config.idleTimeout())
                    || objects.tooOld(entry);
        }
    }
}
