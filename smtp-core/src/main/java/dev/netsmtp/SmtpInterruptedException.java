/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import org.jspecify.annotations.Nullable;

/**
 * The thread was interrupted while it waited: for a pooled session, for a retry's backoff, for
 * the rate limit or for a DNS lookup. Never transient, so nothing retries it; the thread's
 * interrupt flag is set again before it is thrown, so the caller's own handling still sees it.
 */
public class SmtpInterruptedException extends SmtpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was being waited for
     * @param cause the {@link InterruptedException} or its I/O form, or null
     */
    public SmtpInterruptedException(String message, @Nullable Throwable cause) {
        super(message, null, null, false, cause);
    }
}
