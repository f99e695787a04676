/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.pool;

import dev.netsmtp.SmtpException;
import dev.netsmtp.session.HostList;
import dev.netsmtp.session.SmtpSession;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.jspecify.annotations.Nullable;

/**
 * Opens, checks and closes pooled sessions for Commons Pool. Opening and checking run on the
 * borrowing thread under its deadline (handed over in {@link #BORROW_DEADLINE}, since Commons
 * Pool's calls carry no arguments); a polite close (QUIT) runs on a shared daemon thread so that
 * no borrower, releaser or evictor waits for a server's goodbye.
 */
final class SessionObjectFactory extends BasePooledObjectFactory<PoolEntry> {

    /**
     * This thread's borrow: {deadline as a {@link System#nanoTime()}, 1 when there is a deadline,
     * 1 while the thread borrows}. One array per thread, reused: a borrow allocates nothing here.
     */
    static final ThreadLocal<long[]> BORROW_DEADLINE = ThreadLocal.withInitial(() -> new long[3]);

    /** Every entry the pool holds, idle or lent, for {@link PooledSmtpSessionFactory#stats()}. */
    final Set<PoolEntry> all = ConcurrentHashMap.newKeySet();

    private static final ExecutorService CLOSER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "netsmtp-pool-closer");
        t.setDaemon(true);
        return t;
    });

    private final HostList hosts;
    private final PoolConfig config;
    private final AtomicInteger closing = new AtomicInteger();
    private volatile long closeDeadline;
    private volatile boolean shuttingDown;

    SessionObjectFactory(HostList hosts, PoolConfig config) {
        this.hosts = hosts;
        this.config = config;
    }

    /**
     * Opens a session, on a borrowing thread (under its deadline) or the evictor's (for
     * {@code minIdle}). Borrowers wait outside Commons Pool, so its refill for parked borrowers
     * never runs and no other thread opens one.
     */
    @Override
    public PoolEntry create() {
        PoolEntry entry = new PoolEntry(hosts.open(left()), config.clock().millis());
        all.add(entry);
        return entry;
    }

    static boolean borrowing() {
        return BORROW_DEADLINE.get()[2] != 0;
    }

    @Override
    public PooledObject<PoolEntry> wrap(PoolEntry entry) {
        return new DefaultPooledObject<>(entry);
    }

    /** Usable, young enough, and, after a long idle, alive by NOOP: a dead session must not reach a send. */
    @Override
    public boolean validateObject(PooledObject<PoolEntry> p) {
        PoolEntry entry = p.getObject();
        if (entry.retired || !entry.session.isUsable() || tooOld(entry)) {
            return false;
        }
        if (entry.returned && idleFor(entry, config.idleValidationAfter())) {
            Duration left = left();
            try {
                if (left != null) {
                    entry.session.timeLimit(left);
                }
                entry.session.noop();
                if (left != null) {
                    entry.session.clearTimeLimit();
                }
            } catch (SmtpException | IllegalArgumentException | IllegalStateException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Closes a session Commons Pool is done with. A borrower whose idle session failed its check
     * closes it itself, under its own deadline, before it opens the replacement (so the pool never
     * holds more than {@code maxTotal} connections); everyone else (the evictor, a thread giving a
     * session back, the pool's close, where all idle sessions say QUIT in parallel) hands the QUIT
     * to the closer's threads.
     */
    @Override
    public void destroyObject(PooledObject<PoolEntry> p) {
        PoolEntry entry = p.getObject();
        all.remove(entry);
        if (borrowing() && !shuttingDown) {
            closeNow(entry);
        } else {
            inBackground(entry, () -> {});
        }
    }

    /**
     * Closes a session once: a broken one at once (nothing is sent), a usable one with QUIT,
     * bounded by the close timeout, by what is left of this thread's borrow, or by what is left of
     * the pool's own close, whichever is shortest.
     */
    void closeNow(PoolEntry entry) {
        if (!entry.startClosing()) {
            return;
        }
        SmtpSession s = entry.session;
        if (s.isUsable()) {
            Duration bound = config.closeTimeout();
            Duration borrow = left();
            if (borrow != null && borrow.compareTo(bound) < 0) {
                bound = borrow;
            }
            if (shuttingDown) {
                bound = Duration.ofNanos(Math.max(1, Math.min(bound.toNanos(), closeDeadline - System.nanoTime())));
            }
            try {
                s.timeLimit(bound);
            } catch (RuntimeException e) {
                // A session that cannot take a limit is closed all the same.
            }
        }
        s.close();
    }

    /**
     * Closes a session on the closer's thread, then runs {@code after} there: no caller waits for
     * a server's goodbye.
     */
    void inBackground(PoolEntry entry, Runnable after) {
        closing.incrementAndGet();
        try {
            CLOSER.execute(() -> {
                try {
                    closeNow(entry);
                    after.run();
                } finally {
                    closing.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            closing.decrementAndGet();
            closeNow(entry);
            after.run();
        }
    }

    /** From now on QUITs end by this deadline; the pool is closing. */
    void shuttingDown(long deadline) {
        closeDeadline = deadline;
        shuttingDown = true;
    }

    /** Waits until every QUIT in flight has ended, or the deadline. */
    boolean awaitClosed(long deadline) {
        while (closing.get() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(Math.min(5, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    boolean tooOld(PoolEntry entry) {
        return config.clock().millis() - entry.created >= config.maxLifetime().toMillis();
    }

    /** Tells whether the entry has been idle for {@code bound} or longer. */
    boolean idleFor(PoolEntry entry, Duration bound) {
        return config.clock().millis() - entry.lastUsed >= bound.toMillis();
    }

    /** What is left of this thread's borrow deadline; null outside a bounded borrow. */
    private static @Nullable Duration left() {
        long[] deadline = BORROW_DEADLINE.get();
        if (deadline[2] == 0 || deadline[1] == 0) {
            return null;
        }
        long left = deadline[0] - System.nanoTime();
        return Duration.ofNanos(Math.max(1, left));
    }
}
