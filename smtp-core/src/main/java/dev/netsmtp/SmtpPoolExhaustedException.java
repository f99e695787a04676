/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

/**
 * No pooled session became free within the pool's maximum wait. The message names the pool size
 * and the wait, the two settings to look at. Not transient for retry purposes: retrying at once
 * would only queue behind the same borrowers.
 */
public class SmtpPoolExhaustedException extends SmtpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the pool size and the wait
     */
    public SmtpPoolExhaustedException(String message) {
        super(message, null, null, false, null);
    }
}
