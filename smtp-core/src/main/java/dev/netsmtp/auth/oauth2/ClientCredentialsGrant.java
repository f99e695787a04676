/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth.oauth2;

import dev.netsmtp.auth.AccessToken;
import dev.netsmtp.auth.TokenSource;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OAuth2 client-credentials grant (RFC 6749 section 4.4): the application's own identity, no
 * user, no refresh token; what Microsoft Entra uses for SMTP AUTH with app-only tokens.
 *
 * <pre>{@code
 * TokenSource tokens = ClientCredentialsGrant.builder(
 *                 URI.create("https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token"))
 *         .clientId(clientId)
 *         .clientSecret(secret)
 *         .scope("https://outlook.office365.com/.default")
 *         .build();
 * Credentials credentials = Credentials.oauth2("mailbox@example.com", tokens);
 * }</pre>
 */
public final class ClientCredentialsGrant implements TokenSource {

    private final TokenEndpoint endpoint;
    private final List<String> scopes;

    private ClientCredentialsGrant(TokenEndpoint endpoint, List<String> scopes) {
        this.endpoint = endpoint;
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
     * Asks the token endpoint for a new token, every time: use the source {@link Builder#build()}
     * gives, which keeps it until shortly before it expires.
     *
     * @return a new token
     */
    @Override
    public AccessToken token() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (!scopes.isEmpty()) {
            form.put("scope", String.join(" ", scopes));
        }
        return endpoint.post(form).token();
    }

    @Override
    public String toString() {
        return "ClientCredentialsGrant[" + endpoint.uri() + ", client " + endpoint.clientId() + "]";
    }

    /** Builds the grant. */
    public static final class Builder extends GrantSettings<Builder> {

        private Builder(URI tokenUri) {
            super(tokenUri);
        }

        /**
         * Builds the grant inside a source that keeps each token until shortly before it expires
         * and asks for the next one once for all logins ({@link TokenSource#caching}).
         *
         * @return the token source
         * @throws IllegalArgumentException naming the setting that is missing or wrong
         */
        public TokenSource build() {
            return TokenSource.caching(buildUncached(), refreshMargin);
        }

        /**
         * Builds the grant alone, asking the endpoint at every call.
         *
         * @return the grant
         */
        public ClientCredentialsGrant buildUncached() {
            if (clientSecret == null) {
                throw new IllegalArgumentException("clientSecret is not set: the client-credentials grant needs one");
            }
            return new ClientCredentialsGrant(endpoint(), scopes);
        }
    }
}
