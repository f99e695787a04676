/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import org.jspecify.annotations.Nullable;

/**
 * The server did not answer within the configured timeout. The session is closed.
 */
public class SmtpTimeoutException extends SmtpException {

    private static final long serialVersionUID = 1L;

    private final boolean timeLimitPassed;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     */
    public SmtpTimeoutException(String message, @Nullable String command, @Nullable SmtpReply reply) {
        this(message, command, reply, null, false);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     * @param cause the underlying error, or null
     */
    public SmtpTimeoutException(
            String message, @Nullable String command, @Nullable SmtpReply reply, @Nullable Throwable cause) {
        this(message, command, reply, cause, false);
    }

    /**
     * Creates the exception, saying whose bound ended the wait.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     * @param cause the underlying error, or null
     * @param timeLimitPassed true when the caller's time limit (a send timeout, a session's
     *     {@code timeLimit}) ran out, false when a step's own timeout did
     */
    public SmtpTimeoutException(
            String message,
            @Nullable String command,
            @Nullable SmtpReply reply,
            @Nullable Throwable cause,
            boolean timeLimitPassed) {
        super(message, command, reply, true, cause);
        this.timeLimitPassed = timeLimitPassed;
    }

    /**
     * Tells whether the caller's time limit ended the wait, rather than the server being slower
     * than a step's own timeout (connect, read, write). A server is judged unavailable only by
     * the latter: a host list never skips a server because a caller's deadline passed.
     *
     * @return true when the caller's time limit passed
     */
    public boolean timeLimitPassed() {
        return timeLimitPassed;
    }
}
