/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import java.util.function.BooleanSupplier;

/** Waits for a condition that becomes true on another thread, failing after 5 s. */
public final class Await {

    private Await() {}

    /**
     * Polls until the condition holds.
     *
     * @param condition what must become true
     * @throws AssertionError when it does not within 5 s
     * @throws InterruptedException when interrupted
     */
    public static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(5);
        }
    }
}
