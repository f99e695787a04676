/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dkim;

/** How a header or body is canonicalized before hashing (RFC 6376 section 3.4). */
public enum Canonicalization {
    /** Byte for byte (but trailing empty lines of the body). Breaks on any rewrapping. */
    SIMPLE,
    /** Case and white space normalised: survives the folding and spacing relays change. */
    RELAXED;

    String tag() {
        return this == SIMPLE ? "simple" : "relaxed";
    }
}
