/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * LOGIN (draft-murchison-sasl-login): the server prompts {@code Username:} then
 * {@code Password:}. The prompt text is read where it is the usual one; otherwise the order
 * decides.
 */
final class LoginMechanism implements AuthMechanism {

    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public boolean accepts(Credentials credentials) {
        return credentials.password().isPresent();
    }

    @Override
    public SaslExchange start(Credentials credentials) {
        return new SaslExchange() {
            private int step;
            private boolean passwordSent;

            @Override
            public Optional<byte[]> initialResponse() {
                return Optional.empty();
            }

            @Override
            public byte[] evaluateChallenge(byte[] challenge) {
                String prompt = new String(challenge, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                boolean wantsUser = prompt.startsWith("user") || (!prompt.startsWith("pass") && step == 0);
                step++;
                passwordSent |= !wantsUser;
                String answer = wantsUser
                        ? credentials.username()
                        : credentials.password().orElseThrow();
                return answer.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public boolean isComplete() {
                return passwordSent;
            }
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
