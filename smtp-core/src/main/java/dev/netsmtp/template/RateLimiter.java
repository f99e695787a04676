/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import dev.netsmtp.SmtpInterruptedException;
import java.time.Duration;

/** Spaces sends evenly to at most a given rate; no limit when the rate is 0. */
final class RateLimiter {

    private final long intervalNanos;
    private final Sleeper sleeper;
    private long next;

    RateLimiter(double perSecond, Sleeper sleeper) {
        this.intervalNanos = perSecond > 0 ? (long) (1_000_000_000L / perSecond) : 0;
        this.sleeper = sleeper;
    }

    /** Tells whether sends are spaced at all. */
    boolean limits() {
        return intervalNanos > 0;
    }

    void acquire() {
        if (intervalNanos == 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, next);
            next = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            try {
                sleeper.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SmtpInterruptedException("interrupted while waiting for the rate limit", e);
            }
        }
    }
}
