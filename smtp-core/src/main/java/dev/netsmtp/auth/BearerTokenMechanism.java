/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What OAUTHBEARER and XOAUTH2 share: an OAuth2 token in the initial response, and one answer to
 * the only challenge a server sends, its JSON error report, after which it sends its refusal.
 */
abstract class BearerTokenMechanism implements AuthMechanism {

    @Override
    public boolean accepts(Credentials credentials) {
        return credentials.hasToken();
    }

    /** The initial response for these credentials. */
    abstract String initialResponse(Credentials credentials);

    /** The answer to the error challenge. */
    abstract byte[] errorAcknowledgement();

    @Override
    public SaslExchange start(Credentials credentials) {
        byte[] response = initialResponse(credentials).getBytes(StandardCharsets.UTF_8);
        return new SaslExchange() {
            @Override
            public Optional<byte[]> initialResponse() {
                return Optional.of(response);
            }

            @Override
            public byte[] evaluateChallenge(byte[] challenge) {
                return errorAcknowledgement();
            }
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
