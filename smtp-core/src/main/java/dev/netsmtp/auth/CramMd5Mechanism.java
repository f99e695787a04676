/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** CRAM-MD5 (RFC 2195): {@code user SP hex(HMAC-MD5(password, challenge))}. */
final class CramMd5Mechanism implements AuthMechanism {

    @Override
    public String name() {
        return "CRAM-MD5";
    }

    @Override
    public boolean accepts(Credentials credentials) {
        return credentials.password().isPresent();
    }

    @Override
    public SaslExchange start(Credentials credentials) {
        return new SaslExchange() {
            private boolean answered;

            @Override
            public Optional<byte[]> initialResponse() {
                return Optional.empty();
            }

            @Override
            public boolean isComplete() {
                return answered;
            }

            @Override
            public byte[] evaluateChallenge(byte[] challenge) {
                answered = true;
                return (credentials.username() + " "
                                + digest(credentials.password().orElseThrow(), challenge))
                        .getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    static String digest(String password, byte[] challenge) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            return HexFormat.of().formatHex(mac.doFinal(challenge));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is not available in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
