/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

/** What a DSN should carry of the original message: the MAIL {@code RET} parameter of RFC 3461. */
public enum DsnReturn {
    /** The whole message. */
    FULL,
    /** Only the headers. */
    HDRS
}
