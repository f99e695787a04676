/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

/** When a recipient's delivery status notification is wanted: the RCPT {@code NOTIFY} parameter of RFC 3461. */
public enum DsnNotify {
    /** Never send a DSN; may not be combined with the others. */
    NEVER,
    /** On successful delivery. */
    SUCCESS,
    /** On failure. */
    FAILURE,
    /** When delivery is delayed. */
    DELAY
}
