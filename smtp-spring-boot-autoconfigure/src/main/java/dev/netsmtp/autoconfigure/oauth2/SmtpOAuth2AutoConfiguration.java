/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.oauth2;

import dev.netsmtp.auth.TokenSource;
import dev.netsmtp.autoconfigure.InvalidSmtpPropertyException;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.SmtpProperties;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * {@code smtp.auth.oauth2.registration-id}: logins take OAuth2 tokens from Spring Security's OAuth2
 * client, for the registration of that name ({@code spring.security.oauth2.client.registration.*})
 * and the principal {@code smtp.auth.oauth2.principal-name} (by default {@code smtp.auth.username}).
 * Tokens are got through an {@link AuthorizedClientServiceOAuth2AuthorizedClientManager} over the
 * application's {@link ClientRegistrationRepository} and {@link OAuth2AuthorizedClientService} (back
 * the service with a database, e.g. Spring Security's {@code JdbcOAuth2AuthorizedClientService}, so
 * a rotated refresh token survives a restart), with the client-credentials and refresh-token
 * providers, each token request bounded by {@code smtp.auth.oauth2.timeout}; the manager is not a
 * bean, so a web application's own request-bound manager is left alone. The source is kept by a
 * caching source that renews tokens {@code smtp.auth.oauth2.refresh-margin} before they expire,
 * one request for all connections.
 */
@AutoConfiguration(
        before = SmtpAutoConfiguration.class,
        afterName = "org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration")
@ConditionalOnClass({OAuth2AuthorizedClientManager.class, ClientRegistrationRepository.class, RestClient.class})
@ConditionalOnProperty(prefix = "smtp.auth.oauth2", name = "registration-id")
@EnableConfigurationProperties(SmtpProperties.class)
public final class SmtpOAuth2AutoConfiguration {

    private static final String PROPERTY = "smtp.auth.oauth2.registration-id";

    SmtpOAuth2AutoConfiguration() {}

    /**
     * The token source of the registration.
     *
     * @param properties the smtp.* properties
     * @param registrations Spring Security's client registrations
     * @param services the application's authorized-client service, if it has one
     * @return the source, caching and single-flight
     */
    @Bean
    TokenSource smtpOAuth2TokenSource(
            SmtpProperties properties,
            ObjectProvider<ClientRegistrationRepository> registrations,
            ObjectProvider<OAuth2AuthorizedClientService> services) {
        SmtpProperties.OAuth2 oauth2 = properties.auth().oauth2();
        String id = String.valueOf(oauth2.registrationId()).trim();
        ClientRegistrationRepository repository = registrations.getIfAvailable();
        if (repository == null) {
            throw new InvalidSmtpPropertyException(
                    PROPERTY,
                    id,
                    "no Spring Security OAuth2 client registrations are configured",
                    "define spring.security.oauth2.client.registration." + id + ".* (client-id, client-secret, "
                            + "authorization-grant-type, scope) and its provider's token-uri",
                    null);
        }
        ClientRegistration registration = repository.findByRegistrationId(id);
        if (registration == null) {
            throw new InvalidSmtpPropertyException(
                    PROPERTY,
                    id,
                    "Spring Security has no OAuth2 client registration '" + id + "'" + known(repository),
                    "name one of spring.security.oauth2.client.registration.*, or define that registration",
                    null);
        }
        AuthorizationGrantType grant = registration.getAuthorizationGrantType();
        boolean clientCredentials = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(grant);
        if (!clientCredentials
                && !AuthorizationGrantType.AUTHORIZATION_CODE.equals(grant)
                && !AuthorizationGrantType.REFRESH_TOKEN.equals(grant)) {
            throw new InvalidSmtpPropertyException(
                    PROPERTY,
                    id,
                    "the registration's grant type " + grant.getValue() + " cannot get tokens unattended",
                    "use client_credentials (Microsoft 365 app-only), or authorization_code with "
                            + "smtp.auth.oauth2.refresh-token (Gmail)",
                    null);
        }
        String principal = principal(properties);
        OAuth2AuthorizedClientService service = services.getIfAvailable();
        if (service == null) {
            service = new InMemoryOAuth2AuthorizedClientService(repository);
        }
        String seed = oauth2.refreshToken();
        if (seed != null && !seed.isBlank() && service.loadAuthorizedClient(id, principal) == null) {
            // No authorized client yet: start from the given refresh token, with an access token
            // already expired so that the first login refreshes.
            Instant now = Instant.now();
            OAuth2AccessToken none = new OAuth2AccessToken(
                    OAuth2AccessToken.TokenType.BEARER, "none", now.minusSeconds(2), now.minusSeconds(1), Set.of());
            service.saveAuthorizedClient(
                    new OAuth2AuthorizedClient(
                            registration, principal, none, new OAuth2RefreshToken(seed.trim(), null)),
                    principal(principal));
        } else if (!clientCredentials && service.loadAuthorizedClient(id, principal) == null) {
            throw new InvalidSmtpPropertyException(
                    "smtp.auth.oauth2.refresh-token",
                    null,
                    "the registration '" + id + "' is " + grant.getValue() + " and Spring Security holds no "
                            + "authorized client (refresh token) for principal '" + principal + "'",
                    "set smtp.auth.oauth2.refresh-token to the refresh token the user's consent gave (from an "
                            + "environment variable), or save the authorized client in the OAuth2AuthorizedClientService",
                    null);
        }
        Duration margin = oauth2.refreshMargin();
        RestClient rest = restClient(oauth2.timeout());
        RestClientClientCredentialsTokenResponseClient credentials =
                new RestClientClientCredentialsTokenResponseClient();
        credentials.setRestClient(rest);
        RestClientRefreshTokenTokenResponseClient refresh = new RestClientRefreshTokenTokenResponseClient();
        refresh.setRestClient(rest);
        AuthorizedClientServiceOAuth2AuthorizedClientManager manager =
                new AuthorizedClientServiceOAuth2AuthorizedClientManager(repository, service);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .clientCredentials(c -> c.accessTokenResponseClient(credentials).clockSkew(margin))
                .refreshToken(r -> r.accessTokenResponseClient(refresh).clockSkew(margin))
                .build());
        return TokenSource.caching(new SpringSecurityTokenSource(manager, service, id, principal), margin);
    }

    /** Spring Security's token clients, with its converters and error handler, and finite timeouts. */
    private static RestClient restClient(Duration timeout) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
        factory.setReadTimeout(timeout);
        return RestClient.builder()
                .requestFactory(factory)
                .configureMessageConverters(c -> {
                    c.addCustomConverter(new FormHttpMessageConverter());
                    c.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
    }

    private static String principal(SmtpProperties properties) {
        String name = properties.auth().oauth2().principalName();
        if (name == null || name.isBlank()) {
            name = properties.auth().username();
        }
        if (name == null || name.isBlank()) {
            throw new InvalidSmtpPropertyException(
                    "smtp.auth.username",
                    null,
                    PROPERTY + " is set without a user name",
                    "set smtp.auth.username (the mailbox the tokens are for)",
                    null);
        }
        return name.trim();
    }

    /** The principal Spring Security's service keys the authorized client by. */
    static Authentication principal(String name) {
        return UsernamePasswordAuthenticationToken.authenticated(name, null, List.of());
    }

    private static String known(ClientRegistrationRepository repository) {
        if (!(repository instanceof Iterable<?> all)) {
            return "";
        }
        List<String> ids = new ArrayList<>();
        for (Object r : all) {
            if (r instanceof ClientRegistration c) {
                ids.add(c.getRegistrationId());
            }
        }
        return "; it has " + (ids.isEmpty() ? "none" : String.join(", ", ids));
    }
}
