/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.oauth2;

import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.auth.AccessToken;
import dev.netsmtp.auth.TokenSource;
import dev.netsmtp.auth.TokenSourceException;
import java.time.Instant;
import java.util.Set;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;

/**
 * Tokens from Spring Security's {@link OAuth2AuthorizedClientManager} for one client registration
 * and principal: the manager's providers get (client credentials) or refresh (refresh token) a
 * token when the one its {@link OAuth2AuthorizedClientService} holds has expired, and keep a
 * rotated refresh token in that service. A token a server refused is marked expired in the service,
 * so the next call gets a new one. Wrapped by the auto-configuration in a caching source.
 */
final class SpringSecurityTokenSource implements TokenSource {

    /** OAuth2 error codes (RFC 6749 section 5.2) after which asking again cannot help. */
    private static final Set<String> FINAL =
            Set.of("invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope");

    private final OAuth2AuthorizedClientManager manager;
    private final OAuth2AuthorizedClientService service;
    private final String registrationId;
    private final String principalName;

    SpringSecurityTokenSource(
            OAuth2AuthorizedClientManager manager,
            OAuth2AuthorizedClientService service,
            String registrationId,
            String principalName) {
        this.manager = manager;
        this.service = service;
        this.registrationId = registrationId;
        this.principalName = principalName;
    }

    @Override
    public AccessToken token() {
        OAuth2AuthorizedClient client;
        try {
            client = manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(registrationId)
                    .principal(principalName)
                    .build());
        } catch (OAuth2AuthorizationException e) {
            String code = e.getError().getErrorCode();
            String description = e.getError().getDescription();
            throw new TokenSourceException(
                    "Spring Security could not get a token for the OAuth2 client registration '" + registrationId
                            + "': " + SmtpSyntax.printable(code)
                            + (description == null ? "" : " (" + SmtpSyntax.printable(description) + ")"),
                    !FINAL.contains(code),
                    e);
        }
        if (client == null) {
            throw new TokenSourceException(
                    "Spring Security holds no authorized client for the OAuth2 client registration '" + registrationId
                            + "' and principal '" + SmtpSyntax.printable(principalName) + "', and cannot get one "
                            + "unattended: a registration that is not client_credentials needs a refresh token "
                            + "(set smtp.auth.oauth2.refresh-token, or save an authorized client in the "
                            + "OAuth2AuthorizedClientService)",
                    false,
                    null);
        }
        OAuth2AccessToken token = client.getAccessToken();
        Instant expires = token.getExpiresAt();
        return expires == null
                ? AccessToken.withoutExpiry(token.getTokenValue())
                : AccessToken.of(token.getTokenValue(), expires);
    }

    @Override
    public void refused(AccessToken refused) {
        OAuth2AuthorizedClient held = service.loadAuthorizedClient(registrationId, principalName);
        if (held == null || !held.getAccessToken().getTokenValue().equals(refused.value())) {
            return;
        }
        // Keep the refresh token; mark the access token expired so that the providers renew it.
        Instant now = Instant.now();
        OAuth2AccessToken expired = new OAuth2AccessToken(
                held.getAccessToken().getTokenType(),
                held.getAccessToken().getTokenValue(),
                now.minusSeconds(2),
                now.minusSeconds(1),
                held.getAccessToken().getScopes());
        service.saveAuthorizedClient(
                new OAuth2AuthorizedClient(
                        held.getClientRegistration(), principalName, expired, held.getRefreshToken()),
                SmtpOAuth2AutoConfiguration.principal(principalName));
    }

    @Override
    public String toString() {
        return "SpringSecurityTokenSource[registration " + registrationId + ", principal " + principalName + "]";
    }
}
