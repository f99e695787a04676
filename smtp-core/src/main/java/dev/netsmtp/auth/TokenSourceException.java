/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenSource} could not give a token: the authorization server refused (its error code
 * and description, never a secret), was unreachable, or answered something that is not a token.
 * Says whether trying again later may help: an unreachable server or a 5xx may pass; a refused
 * client or a revoked refresh token will not.
 */
public class TokenSourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, without any secret
     * @param transientFailure whether trying again later may help
     * @param cause the underlying error, or null
     */
    public TokenSourceException(String message, boolean transientFailure, @Nullable Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /**
     * Tells whether trying again later may help.
     *
     * @return true when transient
     */
    public boolean isTransient() {
        return transientFailure;
    }
}
