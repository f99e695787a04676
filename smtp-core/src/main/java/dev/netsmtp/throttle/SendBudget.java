/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.throttle;

/**
 * A send rate that several templates share: each attempt takes one send from it before it goes,
 * after its template's own adaptive slot ({@link ThrottlePolicy}). {@link #perSecond} shares one
 * rate between the templates of one JVM (a transactional and a bulk template to the same relay);
 * an implementation over a shared store (a database, Redis) shares it between instances of an
 * application. Implementations must be thread-safe and must not wait past the deadline.
 */
@FunctionalInterface
public interface SendBudget {

    /**
     * Takes one send, waiting for it at most until the deadline.
     *
     * @param deadlineNanos the message's deadline, a {@link System#nanoTime()}
     * @return true when a send was taken; false when none can be had before the deadline (nothing is
     *     taken then)
     * @throws InterruptedException when interrupted while waiting
     */
    boolean acquire(long deadlineNanos) throws InterruptedException;

    /**
     * A budget of {@code rate} sends a second for the templates of this JVM that share it: sends
     * are spaced evenly, each waiting for its slot.
     *
     * @param rate sends a second, positive
     * @return the budget
     */
    static SendBudget perSecond(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("a send budget's rate must be positive, was " + rate);
        }
        long interval = (long) (1e9 / rate);
        return new SendBudget() {
            private long next = System.nanoTime();

            @Override
            public boolean acquire(long deadlineNanos) throws InterruptedException {
                long slot;
                synchronized (this) {
                    long now = System.nanoTime();
                    slot = Math.max(now, next);
                    if (slot > deadlineNanos) {
                        return false;
                    }
                    next = slot + interval;
                }
                long wait;
                while ((wait = slot - System.nanoTime()) > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    if (Thread.interrupted()) {
                        throw new InterruptedException("interrupted while waiting for the send budget");
                    }
                }
                return true;
            }

            @Override
            public String toString() {
                return "SendBudget.perSecond[" + rate + "]";
            }
        };
    }
}
