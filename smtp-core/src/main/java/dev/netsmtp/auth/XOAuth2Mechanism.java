/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

/**
 * XOAUTH2 (Google and Microsoft): {@code user=U ^A auth=Bearer T ^A ^A} as the initial response.
 * When the token is refused the server sends a 334 with a JSON error; the answer is an empty line,
 * after which the server sends its final refusal.
 */
final class XOAuth2Mechanism extends BearerTokenMechanism {

    @Override
    public String name() {
        return "XOAUTH2";
    }

    @Override
    String initialResponse(Credentials credentials) {
        return "user=" + credentials.username() + "\u0001auth=Bearer " + credentials.token() + "\u0001\u0001";
    }

    @Override
    byte[] errorAcknowledgement() {
        return new byte[0];
    }
}
