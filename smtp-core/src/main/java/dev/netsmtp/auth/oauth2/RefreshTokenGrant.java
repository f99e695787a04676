/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth.oauth2;

import dev.netsmtp.auth.AccessToken;
import dev.netsmtp.auth.TokenSource;
import dev.netsmtp.auth.TokenSourceException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth2 refresh-token grant (RFC 6749 section 6): a user consented once, and the application
 * keeps the refresh token to get access tokens unattended; what Gmail and Google Workspace use.
 * When the server rotates the refresh token, the new one is saved in the {@link RefreshTokenStore}
 * before the access token is used; when saving fails, the new token is kept in memory, the login
 * fails naming the store, and saving is tried again before the next request. Each refresh reads
 * the refresh token from the store, not from memory, so a token a restart or another instance of
 * the application put there is the one used.
 *
 * <pre>{@code
 * TokenSource tokens = RefreshTokenGrant.builder(URI.create("https://oauth2.googleapis.com/token"))
 *         .clientId(clientId)
 *         .clientSecret(secret)
 *         .store(RefreshTokenStore.file(Path.of("/var/lib/app/gmail-refresh-token")))
 *         .build();
 * Credentials credentials = Credentials.oauth2("me@gmail.com", tokens);
 * }</pre>
 */
public final class RefreshTokenGrant implements TokenSource {

    private final TokenEndpoint endpoint;
    private final RefreshTokenStore store;
    private final List<String> scopes;
    private @Nullable String unsaved;

    private RefreshTokenGrant(TokenEndpoint endpoint, RefreshTokenStore store, List<String> scopes) {
        this.endpoint = endpoint;
        this.store = store;
        this.scopes = List.copyOf(scopes);
    }

    /**
     * Starts a builder.
     *
     * @param tokenUri the token endpoint: https, or http to this machine only
     * @return the builder
     */
    public static Builder builder(URI tokenUri) {
        return new Builder(tokenUri);
    }

    /**
     * Refreshes, every time: use the source {@link Builder#build()} gives, which keeps the access
     * token until shortly before it expires.
     *
     * @return a new access token
     */
    @Override
    public synchronized AccessToken token() {
        if (unsaved != null) {
            keep(unsaved);
        }
        String refreshToken;
        try {
            refreshToken = store.load();
        } catch (RuntimeException e) {
            throw new TokenSourceException(
                    "cannot read the refresh token from " + store + ": " + e.getMessage(), true, e);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (!scopes.isEmpty()) {
            form.put("scope", String.join(" ", scopes));
        }
        TokenEndpoint.Answer answer = endpoint.post(form);
        Optional<String> rotated = answer.refreshToken().filter(r -> !r.equals(refreshToken));
        if (rotated.isPresent()) {
            unsaved = rotated.get();
            keep(unsaved);
        }
        return answer.token();
    }

    private void keep(String refreshToken) {
        try {
            store.save(refreshToken);
            unsaved = null;
        } catch (RuntimeException e) {
            throw new TokenSourceException(
                    "the authorization server rotated the refresh token and " + store + " could not keep the new one ("
                            + e.getMessage() + "); it is kept in memory and saving is tried again before the next "
                            + "refresh",
                    true,
                    e);
        }
    }

    @Override
    public String toString() {
        return "RefreshTokenGrant[" + endpoint.uri() + ", client " + endpoint.clientId() + ", " + store + "]";
    }

    /** Builds the grant. */
    public static final class Builder extends GrantSettings<Builder> {

        private @Nullable RefreshTokenStore store;

        private Builder(URI tokenUri) {
            super(tokenUri);
        }

        /**
         * Sets where the refresh token is kept.
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(RefreshTokenStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Builds the grant inside a source that keeps each access token until shortly before it
         * expires and refreshes once for all logins ({@link TokenSource#caching}).
         *
         * @return the token source
         * @throws IllegalArgumentException naming the setting that is missing or wrong
         */
        public TokenSource build() {
            return TokenSource.caching(buildUncached(), refreshMargin);
        }

        /**
         * Builds the grant alone, refreshing at every call.
         *
         * @return the grant
         */
        public RefreshTokenGrant buildUncached() {
            if (store == null) {
                throw new IllegalArgumentException("store is not set: a refresh-token grant needs a RefreshTokenStore");
            }
            return new RefreshTokenGrant(endpoint(), store, scopes);
        }
    }
}
