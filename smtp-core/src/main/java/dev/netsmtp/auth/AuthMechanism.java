package dev.netsmtp.auth;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A SASL mechanism for SMTP AUTH. Implement it to add one (SCRAM, say) without touching the
 * session: give the name the server advertises and start an exchange for some credentials.
 * Implementations must be thread-safe; an exchange is used by one session once.
 */
public interface AuthMechanism {

    /** PLAIN (RFC 4616), with the initial response. */
    AuthMechanism PLAIN = new PlainMechanism();

    /** LOGIN: the user name and password, each answering a prompt. */
    AuthMechanism LOGIN = new LoginMechanism();

    /** CRAM-MD5 (RFC 2195): proves the password without sending it. */
    AuthMechanism CRAM_MD5 = new CramMd5Mechanism();

    /** XOAUTH2 (Google, Microsoft): an OAuth2 bearer token. */
    AuthMechanism XOAUTH2 = new XOAuth2Mechanism();

    /**
     * Returns the name the server advertises in its AUTH line, upper-case.
     *
     * @return e.g. {@code "PLAIN"}
     */
    String name();

    /**
     * Tells whether the mechanism can use the credentials (XOAUTH2 needs a token, the others a
     * password).
     *
     * @param credentials the credentials
     * @return true when usable
     */
    boolean accepts(Credentials credentials);

    /**
     * Starts one exchange.
     *
     * @param credentials the credentials, accepted by {@link #accepts}
     * @return the exchange
     */
    SaslExchange start(Credentials credentials);

    /**
     * Chooses the mechanism to use when none is named: XOAUTH2 for a token; for a password inside
     * TLS PLAIN, then LOGIN, then CRAM-MD5 (TLS already hides the password, and CRAM-MD5 obliges
     * the server to keep passwords readable); without TLS CRAM-MD5 first, which never sends the
     * password.
     *
     * @param offered the mechanisms the server advertised, upper-case
     * @param credentials the credentials
     * @param encrypted whether the connection is protected by TLS
     * @return the mechanism, or empty when no offered mechanism fits
     */
    static Optional<AuthMechanism> choose(Set<String> offered, Credentials credentials, boolean encrypted) {
        List<AuthMechanism> preference = credentials.hasToken()
                ? List.of(XOAUTH2)
                : encrypted ? List.of(PLAIN, LOGIN, CRAM_MD5) : List.of(CRAM_MD5, PLAIN, LOGIN);
        return preference.stream()
                .filter(m -> offered.contains(m.name()) && m.accepts(credentials))
                .findFirst();
    }
}
