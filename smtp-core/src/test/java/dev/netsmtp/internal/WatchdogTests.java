/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.testing.Await;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The watchdog fires a guard whose deadline passes while armed, and never one disarmed or armed again. */
class WatchdogTests {

    private static long in(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void anArmedGuardFiresOnceItsDeadlinePasses() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        Watchdog.Guard guard = new Watchdog.Guard(fired::incrementAndGet);
        guard.arm(in(50));
        Await.until(() -> fired.get() == 1);
        assertThat(guard.disarm()).as("disarm tells the caller it fired").isTrue();
        Thread.sleep(3 * Watchdog.TICK_MILLIS);
        assertThat(fired.get()).isEqualTo(1);
    }

    @Test
    void aGuardDisarmedInTimeNeverFires() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        Watchdog.Guard guard = new Watchdog.Guard(fired::incrementAndGet);
        guard.arm(in(150));
        assertThat(guard.disarm()).isFalse();
        Thread.sleep(150 + 3 * Watchdog.TICK_MILLIS);
        assertThat(fired.get()).isZero();
    }

    @Test
    void aGuardArmedAgainIsNotFiredForItsOldDeadline() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        Watchdog.Guard guard = new Watchdog.Guard(fired::incrementAndGet);
        int expected = 0;
        for (int i = 0; i < 200; i++) {
            guard.arm(System.nanoTime()); // due at once
            if (guard.disarm()) {
                expected++; // the watchdog won: its action runs (perhaps a moment later)
            }
            int firedSoFar = expected;
            Await.until(() -> fired.get() == firedSoFar);
            guard.arm(in(10_000));
            Thread.sleep(1);
            assertThat(fired.get()).as("fired for a deadline no longer armed").isEqualTo(expected);
            assertThat(guard.disarm()).isFalse();
        }
    }
}
