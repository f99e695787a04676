/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.netsmtp.auth.AccessToken;
import dev.netsmtp.auth.TokenSourceException;
import dev.netsmtp.internal.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The token endpoint's edges against a scripted HTTP server on 127.0.0.1 (the real authorization
 * server is in the Boot module's {@code OAuth2AuthorizationServerTests}): what is transient and
 * what is not, answers that are not tokens, a hanging server, no redirect, RFC 6749's encoding of
 * the client's id and secret, https only off loopback, and a rotated refresh token kept when the
 * store fails. No message holds a secret.
 */
@Timeout(30)
class TokenEndpointTests {

    private HttpServer server;
    private final AtomicReference<Answer> answer = new AtomicReference<>();
    private final List<String> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    private record Answer(int status, String body, long delayMillis) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        synchronized (requests) {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        }
        Answer a = answer.get();
        if (a.delayMillis() > 0) {
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (a.status() == 302) {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:9/elsewhere");
        }
        exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    private ClientCredentialsGrant grant() {
        return ClientCredentialsGrant.builder(uri())
                .clientId("app:1")
                .clientSecret("zq7 secret/+")
                .timeout(Duration.ofMillis(500))
                .scope("smtp", "mail.send")
                .buildUncached();
    }

    private TokenSourceException failure(int status, String body) {
        answer.set(new Answer(status, body, 0));
        try {
            grant().token();
        } catch (TokenSourceException e) {
            assertThat(e.getMessage()).doesNotContain("zq7");
            return e;
        }
        throw new AssertionError("no failure for " + status + " " + body);
    }

    @Test
    void aTokenIsReadWithItsExpiryAndTheClientIsEncodedAsRfc6749Says() {
        answer.set(new Answer(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":\"3600\"}", 0));
        AccessToken token = grant().token();
        assertThat(token.value()).isEqualTo("at-1");
        assertThat(token.expiresAt()).hasValueSatisfying(e -> assertThat(e)
                .isBetween(
                        java.time.Instant.now().plusSeconds(3500),
                        java.time.Instant.now().plusSeconds(3700)));
        assertThat(requests.get(0)).isEqualTo("grant_type=client_credentials&scope=smtp+mail.send");
        // Section 2.3.1: each part form-encoded, then base64.
        String pair = new String(
                Base64.getDecoder().decode(authorizations.get(0).substring("Basic ".length())), StandardCharsets.UTF_8);
        assertThat(pair).isEqualTo("app%3A1:zq7+secret%2F%2B");
        assertThat(URLDecoder.decode(pair.substring(pair.indexOf(':') + 1), StandardCharsets.UTF_8))
                .isEqualTo("zq7 secret/+");
    }

    @Test
    void theSecretGoesInTheFormWhenAskedTo() {
        answer.set(new Answer(200, "{\"access_token\":\"at-1\",\"token_type\":\"bearer\"}", 0));
        AccessToken token = ClientCredentialsGrant.builder(uri())
                .clientId("app")
                .clientSecret("zq7")
                .clientAuthentication(ClientAuthentication.POST)
                .buildUncached()
                .token();
        assertThat(token.expiresAt()).isEmpty();
        assertThat(requests.get(0)).isEqualTo("grant_type=client_credentials&client_id=app&client_secret=zq7");
        assertThat(authorizations.get(0)).isEqualTo("null");
    }

    @Test
    void whatIsTransientAndWhatIsNot() {
        assertThat(failure(503, "{\"error\":\"temporarily_unavailable\"}").isTransient())
                .isTrue();
        assertThat(failure(500, "<html>oops</html>").isTransient()).isTrue();
        assertThat(failure(429, "{}").isTransient()).isTrue();
        TokenSourceException client =
                failure(401, "{\"error\":\"invalid_client\",\"error_description\":\"bad\\nsecret\"}");
        assertThat(client.isTransient()).isFalse();
        assertThat(client.getMessage())
                .contains("invalid_client", "check the client id and secret")
                .doesNotContain("\n");
        assertThat(failure(400, "{\"error\":\"invalid_grant\"}").getMessage()).contains("consent again");
        assertThat(failure(200, "{\"token_type\":\"bearer\"}").getMessage()).contains("without an access_token");
        assertThat(failure(200, "{\"access_token\":\"x\",\"token_type\":\"mac\"}")
                        .getMessage())
                .contains("type mac");
        assertThat(failure(200, "{\"access_token\":\"x\",\"expires_in\":-5}").getMessage())
                .contains("not a number of seconds");
        assertThat(failure(200, "{\"access_token\":\"x\\u0001y\"}").getMessage())
                .contains("unusable token");
        assertThat(failure(302, "").getMessage()).contains("HTTP 302");
    }

    @Test
    void aHangingServerEndsTheRequestAtItsTimeout() {
        answer.set(new Answer(200, "{\"access_token\":\"late\"}", 3000));
        long start = System.nanoTime();
        assertThatThrownBy(() -> grant().token())
                .isInstanceOf(TokenSourceException.class)
                .hasMessageContaining("did not answer within PT0.5S")
                .matches(e -> ((TokenSourceException) e).isTransient());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void plainHttpIsTakenForLoopbackOnly() {
        for (String ok : List.of(
                "https://login.example.com/token", "http://127.0.0.1:8080/t", "http://[::1]/t", "http://localhost/t")) {
            ClientCredentialsGrant.builder(URI.create(ok))
                    .clientId("a")
                    .clientSecret("s")
                    .buildUncached();
        }
        assertThatThrownBy(() -> ClientCredentialsGrant.builder(URI.create("http://login.example.com/token"))
                        .clientId("a")
                        .clientSecret("s")
                        .buildUncached())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokenUri")
                .hasMessageContaining("in clear");
        assertThatThrownBy(() -> ClientCredentialsGrant.builder(URI.create("ftp://x/t"))
                        .clientId("a")
                        .clientSecret("s")
                        .buildUncached())
                .hasMessageContaining("tokenUri");
        assertThatThrownBy(() ->
                        ClientCredentialsGrant.builder(uri()).clientSecret("s").buildUncached())
                .hasMessageContaining("clientId");
        assertThatThrownBy(() ->
                        ClientCredentialsGrant.builder(uri()).clientId("a").buildUncached())
                .hasMessageContaining("clientSecret");
        assertThatThrownBy(() -> ClientCredentialsGrant.builder(uri()).scope("a b"))
                .hasMessageContaining("scope");
        assertThatThrownBy(() -> RefreshTokenGrant.builder(uri()).clientId("a").buildUncached())
                .hasMessageContaining("store");
    }

    @Test
    void aRotatedRefreshTokenIsKeptWhenTheStoreFailsAndSavedBeforeTheNextRefresh() {
        List<String> saved = new ArrayList<>();
        boolean[] failing = {true};
        RefreshTokenStore store = new RefreshTokenStore() {
            String current = "rt-0";

            @Override
            public String load() {
                return current;
            }

            @Override
            public void save(String refreshToken) {
                if (failing[0]) {
                    throw new IllegalStateException("database down");
                }
                saved.add(refreshToken);
                current = refreshToken;
            }
        };
        RefreshTokenGrant grant = RefreshTokenGrant.builder(uri())
                .clientId("app")
                .clientSecret("zq7")
                .store(store)
                .buildUncached();
        answer.set(new Answer(200, "{\"access_token\":\"at-1\",\"refresh_token\":\"rt-1\"}", 0));
        assertThatThrownBy(grant::token)
                .isInstanceOf(TokenSourceException.class)
                .hasMessageContaining("could not keep the new one")
                .hasMessageContaining("database down")
                .hasMessageNotContaining("rt-1");
        failing[0] = false;
        answer.set(new Answer(200, "{\"access_token\":\"at-2\",\"refresh_token\":\"rt-2\"}", 0));
        assertThat(grant.token().value()).isEqualTo("at-2");
        // rt-1 was saved before the next refresh, which then used it.
        assertThat(saved).containsExactly("rt-1", "rt-2");
        assertThat(requests.get(1)).isEqualTo("grant_type=refresh_token&refresh_token=rt-1");
    }

    @Test
    void jsonIsReadStrictly() {
        assertThat(Json.object(" {\"a\": [1, true, null, {\"b\": \"\\u00e9\\n\"}], \"c\": -2.5e3} "))
                .containsKeys("a", "c");
        for (String bad : List.of(
                "",
                "[]",
                "{",
                "{\"a\":}",
                "{\"a\":1,}",
                "{\"a\":1} x",
                "{a:1}",
                "{\"a\":\"\u0001\"}",
                "{\"a\":tru}",
                "{\"a\":\"\\x\"}")) {
            assertThatThrownBy(() -> Json.object(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Json.object("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}"))
                .hasMessageContaining("nested");
    }
}
