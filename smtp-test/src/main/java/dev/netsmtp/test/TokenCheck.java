/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

/**
 * Judges the OAuth2 token of an XOAUTH2 or OAUTHBEARER login on the {@link SmtpTestServer}
 * ({@link SmtpTestServer.Builder#tokenCheck}). Called on the server's connection threads: must be
 * thread-safe.
 */
@FunctionalInterface
public interface TokenCheck {

    /**
     * Tells whether the token is good for this user.
     *
     * @param user the user the login names
     * @param token the bearer token
     * @return true to answer 235, false to refuse with the error challenge and 535
     */
    boolean accepts(String user, String token);
}
