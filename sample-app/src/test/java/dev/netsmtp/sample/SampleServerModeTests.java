/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Pointed at a server with implicit TLS and no port, the page shows the port the client uses: 465. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"smtp.host=smtp.example.com", "smtp.tls.mode=implicit"})
@Timeout(60)
class SampleServerModeTests {

    @LocalServerPort
    int port;

    @Test
    void theModeShowsTheEffectivePortAndTls() throws Exception {
        String body = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/messages"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(body)
                .contains(
                        "\"embedded\":false", "\"host\":\"smtp.example.com\"", "\"port\":465", "\"tls\":\"implicit\"");
    }
}
