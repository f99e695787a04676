/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth.oauth2;

import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.auth.AccessToken;
import dev.netsmtp.auth.TokenSourceException;
import dev.netsmtp.internal.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * One OAuth2 token endpoint (RFC 6749 section 3.2) and the client's authentication to it: posts a
 * grant's form and reads the token response (section 5.1) or error (section 5.2). Every request has
 * a connect and a request timeout; no redirect is followed (a token request is not resent
 * elsewhere); the client secret goes in the Authorization header or the form, never in a message.
 */
final class TokenEndpoint {

    /** What the endpoint gave: the access token and, when it sent one, a refresh token. */
    record Answer(AccessToken token, Optional<String> refreshToken) {}

    private final URI uri;
    private final String clientId;
    private final @Nullable String clientSecret;
    private final ClientAuthentication authentication;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    TokenEndpoint(
            URI uri,
            String clientId,
            @Nullable String clientSecret,
            ClientAuthentication authentication,
            Duration timeout,
            Clock clock) {
        this.uri = checkUri(uri);
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be empty");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.authentication = authentication;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** HTTPS, or HTTP to this machine only: a client secret and tokens never cross a network in clear. */
    private static URI checkUri(URI uri) {
        Objects.requireNonNull(uri, "tokenUri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("tokenUri must be an https address, was " + uri);
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            throw new IllegalArgumentException("tokenUri " + uri + " is plain http to another machine: the client "
                    + "secret and the tokens would cross the network in clear; use https (http is taken for "
                    + "127.0.0.1, ::1 and localhost only)");
        }
        return uri;
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    URI uri() {
        return uri;
    }

    String clientId() {
        return clientId;
    }

    /** Posts a grant's parameters and reads the answer. */
    Answer post(Map<String, String> grant) {
        StringJoiner form = new StringJoiner("&");
        grant.forEach((k, v) -> form.add(encode(k) + "=" + encode(v)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (clientSecret != null && authentication == ClientAuthentication.BASIC) {
            // RFC 6749 section 2.3.1: each part form-encoded, then base64 of id:secret.
            String pair = encode(clientId) + ":" + encode(clientSecret);
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.add("client_id=" + encode(clientId));
            if (clientSecret != null) {
                form.add("client_secret=" + encode(clientSecret));
            }
        }
        HttpResponse<String> response;
        try {
            response = http.send(
                    request.POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new TokenSourceException(
                    "the authorization server at " + uri + " did not answer within " + timeout, true, e);
        } catch (IOException e) {
            throw new TokenSourceException(
                    "cannot reach the authorization server at " + uri + ": "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + SmtpSyntax.printable(e.getMessage())),
                    true,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenSourceException("interrupted while asking " + uri + " for a token", true, e);
        }
        return read(response.statusCode(), response.body());
    }

    private Answer read(int status, String body) {
        Map<String, Object> json;
        try {
            json = Json.object(body);
        } catch (IllegalArgumentException e) {
            throw new TokenSourceException(
                    "the authorization server at " + uri + " answered HTTP " + status + " without a JSON object",
                    status >= 500 || status == 429,
                    null);
        }
        if (status != 200) {
            // RFC 6749 section 5.2.
            String error = text(json.get("error"));
            String description = text(json.get("error_description"));
            boolean retry = status >= 500
                    || status == 429
                    || "temporarily_unavailable".equals(error)
                    || "server_error".equals(error);
            throw new TokenSourceException(
                    "the authorization server at " + uri + " refused the token request (HTTP " + status
                            + (error == null ? "" : ", " + SmtpSyntax.printable(error))
                            + (description == null ? "" : ": " + SmtpSyntax.printable(description)) + ")"
                            + hint(error),
                    retry,
                    null);
        }
        String accessToken = text(json.get("access_token"));
        if (accessToken == null || accessToken.isEmpty()) {
            throw new TokenSourceException(
                    "the authorization server at " + uri + " answered without an access_token", false, null);
        }
        String type = text(json.get("token_type"));
        if (type != null && !type.equalsIgnoreCase("bearer")) {
            throw new TokenSourceException(
                    "the authorization server at " + uri + " gave a token of type " + SmtpSyntax.printable(type)
                            + "; XOAUTH2 and OAUTHBEARER send bearer tokens (RFC 6750)",
                    false,
                    null);
        }
        Object expiresIn = json.get("expires_in");
        AccessToken token;
        try {
            token = expiresIn == null
                    ? AccessToken.withoutExpiry(accessToken)
                    : AccessToken.of(accessToken, clock.instant().plusSeconds(seconds(expiresIn)));
        } catch (IllegalArgumentException e) {
            throw new TokenSourceException(
                    "the authorization server at " + uri + " gave an unusable token: " + e.getMessage(), false, null);
        }
        String refresh = text(json.get("refresh_token"));
        return new Answer(token, Optional.ofNullable(refresh).filter(r -> !r.isEmpty()));
    }

    private long seconds(Object expiresIn) {
        try {
            BigDecimal n = expiresIn instanceof BigDecimal b ? b : new BigDecimal(String.valueOf(expiresIn));
            long s = n.longValueExact();
            if (s < 0) {
                throw new ArithmeticException("negative");
            }
            return s;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new TokenSourceException(
                    "the authorization server at " + uri + " gave expires_in "
                            + SmtpSyntax.printable(String.valueOf(expiresIn)) + ", not a number of seconds",
                    false,
                    null);
        }
    }

    private static String hint(@Nullable String error) {
        if ("invalid_client".equals(error) || "unauthorized_client".equals(error)) {
            return "; check the client id and secret, and that the client may use this grant";
        }
        if ("invalid_grant".equals(error)) {
            return "; the refresh token is expired or revoked: the user must consent again";
        }
        if ("invalid_scope".equals(error)) {
            return "; check the scope";
        }
        return "";
    }

    private static @Nullable String text(@Nullable Object value) {
        return value instanceof String s ? s : value instanceof BigDecimal n ? n.toPlainString() : null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
