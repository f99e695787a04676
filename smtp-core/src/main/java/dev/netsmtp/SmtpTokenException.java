/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import org.jspecify.annotations.Nullable;

/**
 * A login could not start because the OAuth2 token could not be had: the token source failed
 * (the authorization server refused the client, was unreachable, answered nonsense). Nothing was
 * sent to the SMTP server for this login. Transient unless the source said retrying cannot help
 * (a refused client secret, a revoked refresh token). Never carries the token or a secret.
 */
public class SmtpTokenException extends SmtpAuthenticationException {

    private static final long serialVersionUID = 1L;

    /** The step a token failure names. */
    public static final String STEP = "AUTH (getting the OAuth2 token)";

    /**
     * Creates the exception.
     *
     * @param message what went wrong, without any secret
     * @param transientFailure whether trying again later may help
     * @param cause the underlying error, or null
     */
    public SmtpTokenException(String message, boolean transientFailure, @Nullable Throwable cause) {
        super(message, STEP, null, transientFailure, cause, null);
    }
}
