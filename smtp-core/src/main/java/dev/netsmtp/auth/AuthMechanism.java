/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
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

    /** OAUTHBEARER (RFC 7628): an OAuth2 bearer token, the standard form of XOAUTH2. */
    AuthMechanism OAUTHBEARER = new OAuthBearerMechanism();

    /** SCRAM-SHA-256 (RFC 7677): the password proven, never sent; the server proves it too. */
    AuthMechanism SCRAM_SHA_256 = new ScramMechanism("SHA-256", false);

    /** SCRAM-SHA-256-PLUS: SCRAM-SHA-256 bound to the TLS channel (tls-server-end-point). */
    AuthMechanism SCRAM_SHA_256_PLUS = new ScramMechanism("SHA-256", true);

    /** SCRAM-SHA-1 (RFC 5802). */
    AuthMechanism SCRAM_SHA_1 = new ScramMechanism("SHA-1", false);

    /** SCRAM-SHA-1-PLUS: SCRAM-SHA-1 bound to the TLS channel. */
    AuthMechanism SCRAM_SHA_1_PLUS = new ScramMechanism("SHA-1", true);

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
     * Starts one exchange inside a TLS connection, with its channel-binding data for mechanisms
     * that bind to it (SCRAM's {@code -PLUS} forms). By default the data is not used.
     *
     * @param credentials the credentials, accepted by {@link #accepts}
     * @param binding the connection's {@code tls-server-end-point} data; empty without TLS
     * @return the exchange
     */
    default SaslExchange start(Credentials credentials, Optional<ChannelBinding> binding) {
        return start(credentials);
    }

    /**
     * Starts one exchange knowing the session it runs in: its channel-binding data, what the
     * server advertised, its bounds ({@link SaslContext}). By default the channel-binding form.
     *
     * @param credentials the credentials, accepted by {@link #accepts}
     * @param context the session's side of the exchange
     * @return the exchange
     */
    default SaslExchange start(Credentials credentials, SaslContext context) {
        return start(credentials, context.channelBinding());
    }

    /**
     * Chooses the mechanism to use when none is named: for a token OAUTHBEARER (the standard),
     * else XOAUTH2 (Microsoft offers only that); for a password SCRAM first (SHA-256 before
     * SHA-1, the {@code -PLUS} form inside TLS), which never sends the password and proves the
     * server; then inside TLS PLAIN, LOGIN, CRAM-MD5 (TLS already hides the password, and CRAM-MD5
     * obliges the server to keep passwords readable); without TLS CRAM-MD5 before them.
     *
     * @param offered the mechanisms the server advertised, upper-case
     * @param credentials the credentials
     * @param encrypted whether the connection is protected by TLS (and channel binding possible)
     * @return the mechanism, or empty when no offered mechanism fits
     */
    static Optional<AuthMechanism> choose(Set<String> offered, Credentials credentials, boolean encrypted) {
        return choose(offered, credentials, encrypted, encrypted);
    }

    /**
     * Chooses as {@link #choose(Set, Credentials, boolean)} does, telling whether channel-binding
     * data could be had (a certificate whose hash is known).
     *
     * @param offered the mechanisms the server advertised, upper-case
     * @param credentials the credentials
     * @param encrypted whether the connection is protected by TLS
     * @param channelBinding whether {@code -PLUS} forms can run
     * @return the mechanism, or empty when no offered mechanism fits
     */
    static Optional<AuthMechanism> choose(
            Set<String> offered, Credentials credentials, boolean encrypted, boolean channelBinding) {
        List<AuthMechanism> scram = channelBinding
                ? List.of(SCRAM_SHA_256_PLUS, SCRAM_SHA_256, SCRAM_SHA_1_PLUS, SCRAM_SHA_1)
                : List.of(SCRAM_SHA_256, SCRAM_SHA_1);
        List<AuthMechanism> preference = new java.util.ArrayList<>();
        if (credentials.hasToken()) {
            preference.addAll(List.of(OAUTHBEARER, XOAUTH2));
        } else {
            preference.addAll(scram);
            preference.addAll(encrypted ? List.of(PLAIN, LOGIN, CRAM_MD5) : List.of(CRAM_MD5, PLAIN, LOGIN));
        }
        return preference.stream()
                .filter(m -> offered.contains(m.name()) && m.accepts(credentials))
                .findFirst();
    }
}
