package dev.netsmtp.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * OAUTHBEARER (RFC 7628): {@code n,a=U, ^A auth=Bearer T ^A ^A} as the initial response, the
 * GS2 header naming the user. When the token is refused the server sends a 334 with a JSON error
 * (RFC 7628 section 3.2.2); the client answers with a single ^A (section 3.2.3), after which the
 * server sends its final refusal. The optional {@code host} and {@code port} pairs are not sent.
 */
final class OAuthBearerMechanism implements AuthMechanism {

    @Override
    public String name() {
        return "OAUTHBEARER";
    }

    @Override
    public boolean accepts(Credentials credentials) {
        return credentials.hasToken();
    }

    @Override
    public SaslExchange start(Credentials credentials) {
        byte[] response = ("n,a=" + saslName(credentials.username()) + ",\u0001auth=Bearer " + credentials.token()
                        + "\u0001\u0001")
                .getBytes(StandardCharsets.UTF_8);
        return new SaslExchange() {
            @Override
            public Optional<byte[]> initialResponse() {
                return Optional.of(response);
            }

            @Override
            public byte[] evaluateChallenge(byte[] challenge) {
                // The only challenge is the error report: acknowledge it so the server ends the exchange.
                return new byte[] {0x01};
            }
        };
    }

    /** RFC 5801 section 4: ',' and '=' in a saslname are written =2C and =3D. */
    static String saslName(String user) {
        return user.replace("=", "=3D").replace(",", "=2C");
    }

    @Override
    public String toString() {
        return name();
    }
}
