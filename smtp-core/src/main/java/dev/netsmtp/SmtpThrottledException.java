/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

/**
 * A message could not get a send slot within its deadline: the server signalled load and the
 * template's adaptive rate (see {@code dev.netsmtp.throttle.ThrottlePolicy}) is below what the
 * waiting messages need. Nothing of the message was sent. Transient: later, the rate may allow it.
 */
public class SmtpThrottledException extends SmtpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the rate
     */
    public SmtpThrottledException(String message) {
        super(message, null, null, true, null);
    }
}
