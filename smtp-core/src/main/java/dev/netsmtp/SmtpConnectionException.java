/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import org.jspecify.annotations.Nullable;

/**
 * The connection could not be made, or broke: refused, reset, closed by the server, or an unknown host. Trying again on a new connection may succeed.
 */
public class SmtpConnectionException extends SmtpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     */
    public SmtpConnectionException(String message, @Nullable String command, @Nullable SmtpReply reply) {
        super(message, command, reply, true, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     * @param cause the underlying error, or null
     */
    public SmtpConnectionException(
            String message, @Nullable String command, @Nullable SmtpReply reply, @Nullable Throwable cause) {
        super(message, command, reply, true, cause);
    }
}
