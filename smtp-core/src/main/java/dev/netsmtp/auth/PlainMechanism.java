/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** PLAIN (RFC 4616): {@code authzid NUL authcid NUL passwd} as the initial response. */
final class PlainMechanism implements AuthMechanism {

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public boolean accepts(Credentials credentials) {
        return credentials.password().isPresent();
    }

    @Override
    public SaslExchange start(Credentials credentials) {
        byte[] response = ("\0" + credentials.username() + "\0"
                        + credentials.password().orElseThrow())
                .getBytes(StandardCharsets.UTF_8);
        return new SaslExchange() {
            @Override
            public Optional<byte[]> initialResponse() {
                return Optional.of(response);
            }

            @Override
            public byte[] evaluateChallenge(byte[] challenge) {
                // A server that ignored the initial response asks again with an empty challenge.
                return response;
            }
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
