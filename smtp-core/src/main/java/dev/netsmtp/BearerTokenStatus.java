/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.io.Serializable;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a server said when it refused an OAuth2 token: the JSON status that OAUTHBEARER (RFC 7628
 * section 3.2.2) and XOAUTH2 send in their error challenge, decoded, e.g.
 * {@code {"status":"invalid_token","scope":"https://mail.google.com/"}}. Values are escaped for
 * logs. Immutable.
 */
public final class BearerTokenStatus implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String status;
    private final @Nullable String scope;
    private final @Nullable String schemes;
    private final @Nullable String openidConfiguration;

    private BearerTokenStatus(
            String status, @Nullable String scope, @Nullable String schemes, @Nullable String openidConfiguration) {
        this.status = status;
        this.scope = scope;
        this.schemes = schemes;
        this.openidConfiguration = openidConfiguration;
    }

    /**
     * Creates a status; each value is escaped for logs.
     *
     * @param status the {@code status} member
     * @param scope the {@code scope} member, or null
     * @param schemes the {@code schemes} member, or null
     * @param openidConfiguration the {@code openid-configuration} member, or null
     * @return the status
     */
    public static BearerTokenStatus of(
            String status, @Nullable String scope, @Nullable String schemes, @Nullable String openidConfiguration) {
        return new BearerTokenStatus(
                SmtpSyntax.printable(status), printable(scope), printable(schemes), printable(openidConfiguration));
    }

    private static @Nullable String printable(@Nullable String s) {
        return s == null ? null : SmtpSyntax.printable(s);
    }

    /**
     * Returns the status: an OAuth2 error code ({@code invalid_token}) or, from XOAUTH2 servers,
     * an HTTP status ({@code 400}, {@code 401}).
     *
     * @return the status
     */
    public String status() {
        return status;
    }

    /**
     * Returns the scope the server needs.
     *
     * @return the scope, or empty
     */
    public Optional<String> scope() {
        return Optional.ofNullable(scope);
    }

    /**
     * Returns the schemes the server takes (XOAUTH2's {@code schemes}).
     *
     * @return the schemes, or empty
     */
    public Optional<String> schemes() {
        return Optional.ofNullable(schemes);
    }

    /**
     * Returns where the server's OpenID configuration is (RFC 7628's {@code openid-configuration}).
     *
     * @return the address, or empty
     */
    public Optional<String> openidConfiguration() {
        return Optional.ofNullable(openidConfiguration);
    }

    @Override
    public String toString() {
        return "status=" + status + (scope == null ? "" : ", scope=" + scope)
                + (schemes == null ? "" : ", schemes=" + schemes)
                + (openidConfiguration == null ? "" : ", openid-configuration=" + openidConfiguration);
    }
}
