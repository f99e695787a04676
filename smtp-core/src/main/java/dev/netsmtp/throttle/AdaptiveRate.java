/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.throttle;

import dev.netsmtp.SmtpInterruptedException;
import dev.netsmtp.SmtpThrottledException;
import java.util.concurrent.locks.LockSupport;

/**
 * The state of one {@link ThrottlePolicy}: the current rate and the next free slot. Thread-safe;
 * waiting happens outside the lock, each thread on its own slot.
 */
public final class AdaptiveRate {

    private final ThrottlePolicy policy;
    private double rate;
    private long next;
    private long lastDecrease;

    /**
     * Creates the state at the policy's initial rate.
     *
     * @param policy the policy
     */
    public AdaptiveRate(ThrottlePolicy policy) {
        this.policy = policy;
        this.rate = policy.initialRate();
        this.next = System.nanoTime();
        this.lastDecrease = System.nanoTime() - ThrottlePolicy.DECREASE_WINDOW.toNanos();
    }

    /**
     * Returns the current rate.
     *
     * @return messages a second
     */
    public synchronized double rate() {
        return rate;
    }

    /**
     * Waits for the next send slot.
     *
     * @param deadline the message's deadline, a {@link System#nanoTime()}
     * @throws SmtpThrottledException when the slot would come after the deadline (nothing is taken)
     * @throws SmtpInterruptedException when interrupted while waiting
     */
    public void acquire(long deadline) {
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, next);
            if (slot > deadline) {
                throw new SmtpThrottledException(String.format(
                        "no send slot before the message's deadline: the server signalled load and the rate is "
                                + "%.2f messages a second; nothing was sent",
                        rate));
            }
            next = slot + (long) (1e9 / rate);
        }
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                throw new SmtpInterruptedException("interrupted while waiting for a send slot", null);
            }
        }
    }

    /** A message was taken: climb. */
    public synchronized void succeeded() {
        rate = Math.min(policy.maxRate(), rate + policy.increasePerSecond() / rate);
    }

    /** The server signalled load: back off, once per window. */
    public synchronized void throttled() {
        long now = System.nanoTime();
        if (now - lastDecrease < ThrottlePolicy.DECREASE_WINDOW.toNanos()) {
            return;
        }
        lastDecrease = now;
        rate = Math.max(policy.minRate(), rate * policy.decrease());
        // The slots already handed out were at the old rate: space the next from now.
        next = Math.max(next, now + (long) (1e9 / rate));
    }
}
