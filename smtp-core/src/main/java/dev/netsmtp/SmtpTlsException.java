/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import org.jspecify.annotations.Nullable;

/**
 * TLS could not be set up: the server does not offer STARTTLS where it is required, refused it, or
 * the handshake failed (an untrusted certificate or a host name that does not match). Transient
 * ({@link #isTransient()}) when another attempt may succeed: a 454 reply to STARTTLS, a handshake
 * broken by a corrupted record. A TLS error after the handshake is the connection failing
 * ({@link SmtpConnectionException}), judged by where the message was.
 */
public class SmtpTlsException extends SmtpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     */
    public SmtpTlsException(String message, @Nullable String command, @Nullable SmtpReply reply) {
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
    public SmtpTlsException(
            String message, @Nullable String command, @Nullable SmtpReply reply, @Nullable Throwable cause) {
        super(message, command, reply, false, cause);
    }

    /**
     * Creates the exception, saying whether another attempt may succeed: a 454 to STARTTLS
     * ("TLS not available due to temporary reason", RFC 3207 section 4) or a handshake cut short
     * by a corrupted record may; an untrusted certificate or no common protocol will not.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     * @param cause the underlying error, or null
     * @param transientFailure whether trying again, later or on another server, may succeed
     */
    public SmtpTlsException(
            String message,
            @Nullable String command,
            @Nullable SmtpReply reply,
            @Nullable Throwable cause,
            boolean transientFailure) {
        super(message, command, reply, transientFailure, cause);
    }
}
