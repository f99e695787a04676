/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import java.io.IOException;

/** A reply that breaks RFC 5321 section 4.2 or the reader's bounds; the session maps it to a protocol error. */
public final class MalformedReplyException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong with the reply
     */
    public MalformedReplyException(String message) {
        super(message);
    }
}
