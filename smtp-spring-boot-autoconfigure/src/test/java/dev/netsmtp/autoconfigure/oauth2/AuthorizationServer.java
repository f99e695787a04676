/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.oauth2;

import dev.netsmtp.test.TokenCheck;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Authorization Server on 127.0.0.1, started as an application of its own: three clients
 * ({@value #APP} by client credentials with two-second JWTs, {@value #LONG_APP} likewise with
 * five-minute ones, {@value #USER_APP} by refresh token with rotation and two-second JWTs), a
 * count of token requests, a switch that makes the token endpoint hang, revocation through its
 * revocation endpoint, and the SMTP side's {@link TokenCheck}: each token's JWT signature against
 * the server's JWK set, its expiry, its audience and scope, and that it was not revoked.
 */
final class AuthorizationServer implements AutoCloseable {

    static final String APP = "smtp-app";
    static final String LONG_APP = "smtp-app-long";
    static final String USER_APP = "smtp-user-app";
    /** What every client secret starts with: scanned for in everything a test captured. */
    static final String SECRET = "cs-zq7-9f1e";

    /** A client's secret (each must be unique). */
    static String secret(String clientId) {
        return SECRET + "-" + clientId;
    }

    private final ConfigurableApplicationContext context;
    private final int port;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile boolean hang;
    private final Set<String> seenTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final NimbusJwtDecoder decoder;

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        /** The server's authorizations as a bean, so that the test can read and seed them. */
        @org.springframework.context.annotation.Bean
        OAuth2AuthorizationService authorizationService() {
            return new org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService();
        }
    }

    private AuthorizationServer() {
        Filter watch = (request, response, chain) -> {
            if (((HttpServletRequest) request).getRequestURI().equals("/oauth2/token")) {
                tokenRequests.incrementAndGet();
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (hang && System.nanoTime() < until) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            chain.doFilter(request, response);
        };
        List<String> props = new ArrayList<>(List.of(
                "server.address=127.0.0.1", "server.port=0", "spring.main.banner-mode=off", "logging.level.root=WARN"));
        client(props, APP, "client_credentials", "2s");
        client(props, LONG_APP, "client_credentials", "5m");
        client(props, USER_APP, "authorization_code,refresh_token", "2s");
        context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.SERVLET)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("tokenEndpointWatch", registration(watch)))
                .properties(props.toArray(String[]::new))
                .run();
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
        // The key set is fetched once; its connection is not kept for reuse (no idle socket left
        // behind when the server stops).
        org.springframework.web.client.RestTemplate keys = new org.springframework.web.client.RestTemplate();
        keys.getInterceptors().add((request, body, execution) -> {
            request.getHeaders().set("Connection", "close");
            return execution.execute(request, body);
        });
        decoder = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + port + "/oauth2/jwks")
                .restOperations(keys)
                .build();
        // JWT times are whole seconds (RFC 7519 NumericDate): one second of skew, no more.
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(Duration.ofSeconds(1)), AuthorizationServer::audienceAndScope));
    }

    private static FilterRegistrationBean<Filter> registration(Filter filter) {
        FilterRegistrationBean<Filter> bean = new FilterRegistrationBean<>(filter);
        bean.setOrder(Integer.MIN_VALUE);
        return bean;
    }

    private static void client(List<String> props, String id, String grants, String ttl) {
        String p = "spring.security.oauth2.authorizationserver.client." + id + ".";
        props.add(p + "registration.client-id=" + id);
        props.add(p + "registration.client-secret={noop}" + secret(id));
        props.add(p + "registration.client-authentication-methods=client_secret_basic,client_secret_post");
        props.add(p + "registration.authorization-grant-types=" + grants);
        props.add(p + "registration.scopes=smtp");
        props.add(p + "registration.redirect-uris=http://127.0.0.1/callback");
        props.add(p + "token.access-token-time-to-live=" + ttl);
        props.add(p + "token.refresh-token-time-to-live=1h");
        props.add(p + "token.reuse-refresh-tokens=false");
    }

    static AuthorizationServer start() {
        return new AuthorizationServer();
    }

    URI tokenUri() {
        return URI.create("http://127.0.0.1:" + port + "/oauth2/token");
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    void hang(boolean on) {
        hang = on;
    }

    /** Logins the SMTP server accepted and refused. */
    int accepted() {
        return accepted.get();
    }

    int refused() {
        return refused.get();
    }

    /** Every token a login presented. */
    Set<String> seenTokens() {
        return Set.copyOf(seenTokens);
    }

    private static OAuth2TokenValidatorResult audienceAndScope(Jwt jwt) {
        boolean audience =
                jwt.getAudience() != null && jwt.getAudience().stream().anyMatch(a -> a.startsWith("smtp-"));
        Object scope = jwt.getClaims().get("scope");
        boolean smtp = scope instanceof List<?> l
                ? l.contains("smtp")
                : String.valueOf(scope).contains("smtp");
        return audience && smtp
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(
                        new org.springframework.security.oauth2.core.OAuth2Error("invalid_token"));
    }

    /**
     * The SMTP server's check: a JWT this server signed (its JWK set, fetched over HTTP), not
     * expired, for an smtp client with the smtp scope, and not revoked.
     */
    TokenCheck tokenCheck() {
        return (user, token) -> {
            seenTokens.add(token);
            boolean ok;
            try {
                decoder.decode(token);
                OAuth2Authorization authorization = context.getBean(OAuth2AuthorizationService.class)
                        .findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
                ok = authorization != null
                        && authorization.getAccessToken() != null
                        && !authorization.getAccessToken().isInvalidated();
            } catch (JwtException e) {
                ok = false;
            }
            (ok ? accepted : refused).incrementAndGet();
            return ok;
        };
    }

    /** Revokes an access token through the revocation endpoint (RFC 7009), as an administrator would. */
    void revoke(String clientId, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(base() + "/oauth2/revoke"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString((clientId + ":" + secret(clientId))
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "token=" + token + "&token_type_hint=access_token"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("revocation answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * What a user's consent leaves behind: an authorization of {@value #USER_APP} for the user with
     * a refresh token (the consent screen itself is not driven here).
     */
    String consent(String user) {
        RegisteredClient client =
                context.getBean(RegisteredClientRepository.class).findByClientId(USER_APP);
        String refresh = "rt-zq5-" + java.util.UUID.randomUUID();
        Instant now = Instant.now();
        OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(client)
                .principalName(user)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizedScopes(Set.of("smtp"))
                .refreshToken(new OAuth2RefreshToken(refresh, now, now.plus(Duration.ofHours(1))))
                // The access token of that consent, expired: an authorization is complete with one.
                .accessToken(new org.springframework.security.oauth2.core.OAuth2AccessToken(
                        org.springframework.security.oauth2.core.OAuth2AccessToken.TokenType.BEARER,
                        "consent-" + java.util.UUID.randomUUID(),
                        now.minusSeconds(60),
                        now.minusSeconds(30),
                        Set.of("smtp")))
                .attribute(
                        Principal.class.getName(),
                        UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()))
                .build();
        context.getBean(OAuth2AuthorizationService.class).save(authorization);
        return refresh;
    }

    @Override
    public void close() {
        hang = false;
        context.close();
    }
}
