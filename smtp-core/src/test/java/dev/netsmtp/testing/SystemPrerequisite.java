/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import org.junit.jupiter.api.Assumptions;

/** What a test does when a system package it needs is missing: skip here, fail in CI. */
public final class SystemPrerequisite {

    private SystemPrerequisite() {}

    /**
     * Skips the calling test with {@code how} as its message, or, when {@code CI=true}, fails it:
     * CI installs every package, so a missing one there is a broken build, not a skip.
     *
     * @param how what is missing and how to install it
     */
    public static void missing(String how) {
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true: " + how);
        }
        Assumptions.abort(how);
    }
}
