/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import org.jspecify.annotations.Nullable;

/**
 * A 500-509 reply, Net::SMTP's {@code SMTPSyntaxError}: the server did not understand or does not implement the command or a parameter.
 */
public class SmtpSyntaxException extends SmtpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     */
    public SmtpSyntaxException(String message, @Nullable String command, @Nullable SmtpReply reply) {
        super(message, command, reply, false, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     * @param cause the underlying error, or null
     */
    public SmtpSyntaxException(
            String message, @Nullable String command, @Nullable SmtpReply reply, @Nullable Throwable cause) {
        super(message, command, reply, false, cause);
    }
}
