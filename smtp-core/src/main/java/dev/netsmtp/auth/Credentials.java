/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A user name with a password or an OAuth2 {@link TokenSource}. The secret is never shown by
 * {@link #toString()}; the token source is asked once per login, so a token can be refreshed for
 * each new connection. Immutable and thread-safe (if the token source is).
 */
public final class Credentials {

    private final String username;
    private final @Nullable String password;
    private final @Nullable TokenSource tokenSource;

    private Credentials(String username, @Nullable String password, @Nullable TokenSource tokenSource) {
        if (username.isEmpty()) {
            throw new IllegalArgumentException("user name must not be empty");
        }
        // RFC 4616 section 2 separates PLAIN's fields with NUL; XOAUTH2 and OAUTHBEARER (RFC 7628
        // section 3.1) separate theirs with ^A. Either byte in a value would split the payload
        // and let the value say something else to the server.
        if (hasSeparator(username)) {
            throw new IllegalArgumentException("the SMTP user name contains a NUL or ^A (U+0001) character, which "
                    + "would split the SASL payload (RFC 4616, RFC 7628); check where the user name comes from");
        }
        // CR, LF and the other controls: base64 keeps them off the wire, but they reach XOAUTH2's
        // ^A-separated string, the transcript and logs. The value is not echoed.
        for (int i = 0; i < username.length(); i++) {
            char c = username.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(String.format(
                        "the SMTP user name has the control character U+%04X at index %d; a user name is one line "
                                + "of text (check where it comes from: a trailing newline from a file, say)",
                        (int) c, i));
            }
        }
        if (password != null && password.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the SMTP password contains a NUL character, which would split the "
                    + "AUTH PLAIN payload (RFC 4616); check where the password comes from");
        }
        this.username = username;
        this.password = password;
        this.tokenSource = tokenSource;
    }

    /**
     * Creates password credentials.
     *
     * @param username the user name
     * @param password the password
     * @return the credentials
     */
    public static Credentials password(String username, String password) {
        if (password == null) {
            // What System.getenv gives for an unset variable: refuse it here, before any connection.
            throw new IllegalArgumentException("the password for the SMTP user name is null (is the environment "
                    + "variable or property that should supply it unset?); set it, or configure no AUTH");
        }
        return new Credentials(username, password, null);
    }

    /**
     * Creates OAuth2 bearer-token credentials for XOAUTH2 or OAUTHBEARER from a supplier of the
     * token value, asked for every login. A server's refusal of a token cannot be told to a
     * supplier: use {@link #oauth2(String, TokenSource)} for a source that renews tokens.
     *
     * @param username the user (mailbox) name
     * @param token supplies a current access token; called for every authentication
     * @return the credentials
     */
    public static Credentials oauth2(String username, Supplier<String> token) {
        java.util.Objects.requireNonNull(token, "token");
        return new Credentials(username, null, new TokenSource() {
            @Override
            public AccessToken token() {
                String value = token.get();
                if (value == null || value.isEmpty()) {
                    throw new TokenSourceException("the OAuth2 token supplier returned no token", true, null);
                }
                return AccessToken.withoutExpiry(value);
            }

            @Override
            public String toString() {
                return "TokenSource[a supplier]";
            }
        });
    }

    /**
     * Creates OAuth2 bearer-token credentials for XOAUTH2 or OAUTHBEARER from a token source,
     * asked for every login and told when a server refuses a token (the login then goes once more,
     * on a new connection, with a new token).
     *
     * @param username the user (mailbox) name
     * @param source the token source, e.g. {@link TokenSource#caching} around a grant of
     *     {@link dev.netsmtp.auth.oauth2}
     * @return the credentials
     */
    public static Credentials oauth2(String username, TokenSource source) {
        return new Credentials(username, null, java.util.Objects.requireNonNull(source, "source"));
    }

    /**
     * Returns the user name.
     *
     * @return the user name
     */
    public String username() {
        return username;
    }

    /**
     * Returns the password, for mechanisms that need it.
     *
     * @return the password, or empty for token credentials
     */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /**
     * Tells whether these are OAuth2 token credentials.
     *
     * @return true for a token
     */
    public boolean hasToken() {
        return tokenSource != null;
    }

    /**
     * Returns the token source of OAuth2 credentials.
     *
     * @return the source, or empty for password credentials
     */
    public Optional<TokenSource> tokenSource() {
        return Optional.ofNullable(tokenSource);
    }

    /**
     * Gets a current token from the token source, on the calling thread.
     *
     * @return the token value
     * @throws IllegalStateException for password credentials
     * @throws TokenSourceException when the source gives no token
     */
    public String token() {
        if (tokenSource == null) {
            throw new IllegalStateException("these credentials have no OAuth2 token");
        }
        AccessToken token = tokenSource.token();
        if (token == null) {
            throw new TokenSourceException("the OAuth2 token source returned no token", true, null);
        }
        return token.value();
    }

    private static boolean hasSeparator(String value) {
        return value.indexOf('\0') >= 0 || value.indexOf('\u0001') >= 0;
    }

    /**
     * Returns the user name and the kind of secret, never the secret.
     *
     * @return a redacted form
     */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", " + (hasToken() ? "token=***" : "password=***") + "]";
    }
}
