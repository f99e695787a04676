package dev.netsmtp.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * XOAUTH2 (Google and Microsoft): {@code user=U ^A auth=Bearer T ^A ^A} as the initial response.
 * When the token is refused the server sends a 334 with a JSON error; the answer is an empty line,
 * after which the server sends its final refusal.
 */
final class XOAuth2Mechanism implements AuthMechanism {

    @Override
    public String name() {
        return "XOAUTH2";
    }

    @Override
    public boolean accepts(Credentials credentials) {
        return credentials.hasToken();
    }

    @Override
    public SaslExchange start(Credentials credentials) {
        byte[] response = ("user=" + credentials.username() + "\u0001auth=Bearer " + credentials.token()
                        + "\u0001\u0001")
                .getBytes(StandardCharsets.UTF_8);
        return new SaslExchange() {
            @Override
            public Optional<byte[]> initialResponse() {
                return Optional.of(response);
            }

            @Override
            public byte[] evaluateChallenge(byte[] challenge) {
                return new byte[0];
            }
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
