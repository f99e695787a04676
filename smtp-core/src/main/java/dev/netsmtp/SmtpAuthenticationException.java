/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Authentication failed or is required (a 53x reply, or a SASL exchange that could not finish),
 * Net::SMTP's {@code SMTPAuthenticationError}. When a server refused an OAuth2 token, carries the
 * status it sent with its refusal, decoded ({@link #tokenStatus()}).
 */
public class SmtpAuthenticationException extends SmtpException {

    private static final long serialVersionUID = 1L;

    private final @Nullable BearerTokenStatus tokenStatus;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     */
    public SmtpAuthenticationException(String message, @Nullable String command, @Nullable SmtpReply reply) {
        this(message, command, reply, false, null, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     * @param cause the underlying error, or null
     */
    public SmtpAuthenticationException(
            String message, @Nullable String command, @Nullable SmtpReply reply, @Nullable Throwable cause) {
        this(message, command, reply, false, cause, null);
    }

    /**
     * Creates the exception for a refused OAuth2 token.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted
     * @param reply the server's final reply
     * @param tokenStatus the status the server sent in its error challenge, or null
     */
    public SmtpAuthenticationException(
            String message, String command, SmtpReply reply, @Nullable BearerTokenStatus tokenStatus) {
        this(message, command, reply, false, null, tokenStatus);
    }

    /**
     * Creates the exception, saying whether it is transient.
     *
     * @param message what went wrong
     * @param command the command or step that failed, already redacted, or null
     * @param reply the server's reply, or null
     * @param transientFailure whether trying again later may help
     * @param cause the underlying error, or null
     * @param tokenStatus the status of a refused token, or null
     */
    protected SmtpAuthenticationException(
            String message,
            @Nullable String command,
            @Nullable SmtpReply reply,
            boolean transientFailure,
            @Nullable Throwable cause,
            @Nullable BearerTokenStatus tokenStatus) {
        super(message, command, reply, transientFailure, cause);
        this.tokenStatus = tokenStatus;
    }

    /**
     * Returns what the server said about a refused OAuth2 token (XOAUTH2's or OAUTHBEARER's JSON
     * status), decoded.
     *
     * @return the status, or empty when this was no token refusal or the server sent none
     */
    public Optional<BearerTokenStatus> tokenStatus() {
        return Optional.ofNullable(tokenStatus);
    }
}
