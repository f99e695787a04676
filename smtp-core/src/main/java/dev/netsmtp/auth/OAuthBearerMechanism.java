/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

/**
 * OAUTHBEARER (RFC 7628): {@code n,a=U, ^A auth=Bearer T ^A ^A} as the initial response, the
 * GS2 header naming the user. When the token is refused the server sends a 334 with a JSON error
 * (RFC 7628 section 3.2.2); the client answers with a single ^A (section 3.2.3), after which the
 * server sends its final refusal. The optional {@code host} and {@code port} pairs are not sent.
 */
final class OAuthBearerMechanism extends BearerTokenMechanism {

    @Override
    public String name() {
        return "OAUTHBEARER";
    }

    @Override
    String initialResponse(Credentials credentials) {
        return "n,a=" + saslName(credentials.username()) + ",\u0001auth=Bearer " + credentials.token() + "\u0001\u0001";
    }

    @Override
    byte[] errorAcknowledgement() {
        return new byte[] {0x01};
    }

    /** RFC 5801 section 4: ',' and '=' in a saslname are written =2C and =3D. */
    static String saslName(String user) {
        return user.replace("=", "=3D").replace(",", "=2C");
    }
}
