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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The outbox in the sample with no settings: an embedded H2 database, its tables created at
 * start-up, a queued message sent by the workers to the embedded SMTP server and listed by state;
 * the operator's endpoint shows the same.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(60)
class SampleOutboxTests {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSmtpServer embedded;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aQueuedMessageIsSentOnceAndListedAsSent() throws Exception {
        String order = "{\"key\":\"order-42\",\"from\":\"shop@example.com\",\"to\":[\"ann@example.com\"],"
                + "\"subject\":\"Order 42 via the outbox\",\"body\":\"Thank you\"}";
        HttpResponse<String> queued = send("POST", "/api/outbox", order);
        assertThat(queued.statusCode()).isEqualTo(202);
        assertThat(queued.body()).contains("\"key\":\"order-42\"");
        assertThat(send("POST", "/api/outbox", order).statusCode())
                .as("the same key again")
                .isEqualTo(202);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String listing = send("GET", "/api/outbox", null).body();
        while (!listing.contains("\"sent\":{\"count\":1") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            listing = send("GET", "/api/outbox", null).body();
        }
        assertThat(listing).contains("\"sent\":{\"count\":1", "\"key\":\"order-42\"", "\"pending\":{\"count\":0");
        assertThat(embedded.messages())
                .filteredOn(m -> m.subject().equals("Order 42 via the outbox"))
                .hasSize(1);
        assertThat(send("GET", "/actuator/smtpoutbox", null).body()).contains("\"sent\":1");
        assertThat(send("GET", "/actuator/health", null).body()).contains("\"smtpOutbox\"");
    }

    @Test
    void aBadMessageIsAProblemDetailAndNothingIsQueued() throws Exception {
        HttpResponse<String> bad = send(
                "POST", "/api/outbox", "{\"from\":\"shop@example.com\",\"to\":[\"not an address\"],\"subject\":\"x\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(send("GET", "/api/outbox", null).body()).doesNotContain("not an address");
    }
}
