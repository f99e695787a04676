/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth.oauth2;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What both grants' builders take: the endpoint, the client, the scope, the bounds, the margin. */
abstract class GrantSettings<B extends GrantSettings<B>> {

    final URI tokenUri;

    @Nullable
    String clientId;

    @Nullable
    String clientSecret;

    ClientAuthentication clientAuthentication = ClientAuthentication.BASIC;
    final List<String> scopes = new ArrayList<>();
    Duration timeout = Duration.ofSeconds(30);
    Duration refreshMargin = Duration.ofMinutes(1);
    Clock clock = Clock.systemUTC();

    GrantSettings(URI tokenUri) {
        this.tokenUri = Objects.requireNonNull(tokenUri, "tokenUri");
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Sets the client id the authorization server registered.
     *
     * @param clientId the id
     * @return this builder
     */
    public B clientId(String clientId) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        return self();
    }

    /**
     * Sets the client secret (never shown in any message or {@code toString()}).
     *
     * @param clientSecret the secret
     * @return this builder
     */
    public B clientSecret(String clientSecret) {
        if (clientSecret == null) {
            throw new IllegalArgumentException(
                    "clientSecret is null (is the environment variable or property that " + "should supply it unset?)");
        }
        this.clientSecret = clientSecret;
        return self();
    }

    /**
     * Sets how the client authenticates to the token endpoint (HTTP Basic by default).
     *
     * @param authentication the method
     * @return this builder
     */
    public B clientAuthentication(ClientAuthentication authentication) {
        this.clientAuthentication = Objects.requireNonNull(authentication, "clientAuthentication");
        return self();
    }

    /**
     * Adds scopes to ask for, e.g. {@code https://outlook.office365.com/.default}.
     *
     * @param scopes the scopes
     * @return this builder
     */
    public B scope(String... scopes) {
        for (String s : scopes) {
            if (s == null || s.isBlank() || s.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c > '~')) {
                throw new IllegalArgumentException("scope \"" + dev.netsmtp.SmtpSyntax.printable(String.valueOf(s))
                        + "\" is not an OAuth2 scope token (RFC 6749 section 3.3: printable ASCII, no space, "
                        + "quote or backslash)");
            }
            this.scopes.add(s);
        }
        return self();
    }

    /**
     * Sets the connect and request timeout of each token request (30 seconds by default).
     *
     * @param timeout the timeout, positive
     * @return this builder
     */
    public B timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    /**
     * Sets how long before a token expires a new one is got (one minute by default, capped at a
     * tenth of the token's lifetime).
     *
     * @param margin the margin, zero or more
     * @return this builder
     */
    public B refreshMargin(Duration margin) {
        if (margin.isNegative()) {
            throw new IllegalArgumentException("refreshMargin must not be negative, was " + margin);
        }
        this.refreshMargin = margin;
        return self();
    }

    /**
     * Sets the clock expiries are read against (for tests).
     *
     * @param clock the clock
     * @return this builder
     */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    TokenEndpoint endpoint() {
        if (clientId == null) {
            throw new IllegalArgumentException("clientId is not set");
        }
        return new TokenEndpoint(tokenUri, clientId, clientSecret, clientAuthentication, timeout, clock);
    }
}
