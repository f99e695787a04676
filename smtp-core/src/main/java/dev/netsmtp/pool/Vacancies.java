/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where a borrower that found the pool full waits, and what wakes it. Commons Pool parks a
 * borrower on its idle deque, which only a returned object wakes; a slot freed by closing a
 * session (Commons Pool's {@code ensureIdle} refills only for a borrower already parked) could be
 * missed by one that had seen the pool full but not parked yet, and it waited {@code maxWait}
 * with the pool idle. Here every change that can let a borrower through (a session given back,
 * a slot freed, the pool closed) is counted first and signalled second, and a borrower reads the
 * count before it tries: a change after its try moves the count, so it never parks on a stale
 * one.
 *
 * <p>A borrower registers only after its first try failed; an uncontended borrow and every
 * change with nobody waiting cost one atomic increment.
 */
final class Vacancies {

    private final AtomicLong changes = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** The count of changes, to read before a try and hand to {@link #awaitChange}. */
    long changes() {
        return changes.get();
    }

    /** Threads waiting now. */
    int waiting() {
        return waiting.get();
    }

    /** Counts this thread as waiting, before it reads {@link #changes()} for its next try. */
    void enter() {
        waiting.incrementAndGet();
    }

    /** No longer waiting. */
    void leave() {
        waiting.decrementAndGet();
    }

    /**
     * One session became free, or one slot: wakes one waiting borrower. The count moves before
     * the waiting threads are read (the borrower does the reverse), so either the borrower's try
     * sees the change or this call sees the borrower.
     */
    void one() {
        signal(false);
    }

    /** Several may have become free at once, or the pool closed: wakes every waiting borrower. */
    void all() {
        signal(true);
    }

    private void signal(boolean everyone) {
        changes.incrementAndGet();
        if (waiting.get() > 0) {
            lock.lock();
            try {
                if (everyone) {
                    changed.signalAll();
                } else {
                    changed.signal();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits until the count moves past {@code seen} or {@code nanos} pass.
     *
     * @return false when the time passed with no change
     */
    boolean awaitChange(long seen, long nanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long left = nanos;
            while (changes.get() == seen) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
