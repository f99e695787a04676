/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import java.time.Clock;
import java.time.Duration;

/**
 * Where a session gets an OAuth2 access token for XOAUTH2 or OAUTHBEARER: asked once per login,
 * and told when a server refused a token, so that the next login gets a new one.
 *
 * <p>The session calls {@link #token()} on a helper thread within the login's bound (the read
 * timeout, or what is left of the time limit): a source that blocks past it ends the login with a
 * {@link dev.netsmtp.SmtpTimeoutException} naming the token step, and one that throws ends it with
 * a {@link dev.netsmtp.SmtpTokenException}, transient unless the source threw a
 * {@link TokenSourceException} that says otherwise. When a server refuses a token, the session
 * calls {@link #refused(AccessToken)}, gets a new token and logs in once more on a new connection.
 *
 * <p>Built-in sources: {@link #fixed(String)} for tests, {@link #caching} around any source that
 * goes to an authorization server, and in {@link dev.netsmtp.auth.oauth2} the client-credentials
 * and refresh-token grants. Implementations must be thread-safe: pooled connections log in at once.
 */
@FunctionalInterface
public interface TokenSource {

    /**
     * Returns a token that is valid now.
     *
     * @return the token
     * @throws TokenSourceException when no token can be had (never with the token or a secret in it)
     */
    AccessToken token();

    /**
     * Told that a server refused this token (expired early, revoked): a source that keeps tokens
     * forgets it, so that the next {@link #token()} gets a new one. The default does nothing.
     *
     * @param token the refused token
     */
    default void refused(AccessToken token) {}

    /**
     * A source that always gives the same token: for tests and short scripts. A server's refusal
     * of it is final.
     *
     * @param token the token
     * @return the source
     */
    static TokenSource fixed(String token) {
        AccessToken fixed = AccessToken.withoutExpiry(token);
        return new TokenSource() {
            @Override
            public AccessToken token() {
                return fixed;
            }

            @Override
            public String toString() {
                return "TokenSource.fixed[***]";
            }
        };
    }

    /**
     * A source that keeps the token another source gave until shortly before it expires, and asks
     * for a new one then, one request at a time: logins that need a token while one is being got
     * wait for that one, so N connections opening at once cause one request, not N.
     *
     * <p>"Shortly before" is the margin, or a tenth of the token's lifetime when that is shorter (a
     * token that lives two seconds is not renewed at every login because of a one-minute margin).
     *
     * @param source the source that goes to the authorization server
     * @param margin how long before expiry to renew, e.g. one minute; zero or more
     * @return the caching source
     */
    static TokenSource caching(TokenSource source, Duration margin) {
        return new CachingTokenSource(source, margin, Clock.systemUTC());
    }
}
