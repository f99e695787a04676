/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import java.time.Duration;

/** Waits between retries; tests give one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps with {@link Thread#sleep(long)}. */
    Sleeper THREAD = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

    /**
     * Waits.
     *
     * @param duration how long
     * @throws InterruptedException when interrupted
     */
    void sleep(Duration duration) throws InterruptedException;
}
