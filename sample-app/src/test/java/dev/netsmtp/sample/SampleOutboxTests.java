/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static dev.netsmtp.sample.SampleApplicationTests.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The outbox in the sample with no settings: an embedded H2 database, its tables created at
 * start-up, a queued message sent by the workers to the embedded SMTP server and listed by state;
 * the operator's endpoint shows the same.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Timeout(60)
class SampleOutboxTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    EmbeddedSmtpServer embedded;

    private MvcTestResult queue(String json) {
        return SampleApplicationTests.postJson(mvc, "/api/outbox", json);
    }

    private String get(String path) {
        return body(mvc.get().uri(path).exchange());
    }

    @Test
    void aQueuedMessageIsSentOnceAndListedAsSent() throws Exception {
        String order = "{\"key\":\"order-42\",\"from\":\"shop@example.com\",\"to\":\"Ann <ann@example.com>\","
                + "\"subject\":\"Order 42 via the outbox\",\"body\":\"Thank you\"}";
        MvcTestResult queued = queue(order);
        assertThat(queued).hasStatus(HttpStatus.ACCEPTED).hasHeader("Location", "/api/outbox");
        assertThat(body(queued)).contains("\"key\":\"order-42\"");
        assertThat(queue(order)).as("the same key again").hasStatus(HttpStatus.ACCEPTED);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String listing = get("/api/outbox");
        while (!listing.contains("\"sent\":{\"count\":1") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            listing = get("/api/outbox");
        }
        assertThat(listing).contains("\"sent\":{\"count\":1", "\"key\":\"order-42\"", "\"pending\":{\"count\":0");
        assertThat(embedded.messages())
                .filteredOn(m -> m.subject().equals("Order 42 via the outbox"))
                .singleElement()
                .satisfies(m -> assertThat(m.to()).contains("Ann <ann@example.com>"));
        assertThat(get("/actuator/smtpoutbox")).contains("\"sent\":1");
        assertThat(get("/actuator/health")).contains("\"smtpOutbox\"");
    }

    @Test
    void aBadMessageIsAProblemDetailNamingTheFieldAndNothingIsQueued() {
        MvcTestResult bad = queue("{\"from\":\"shop@example.com\",\"to\":[\"not an address\"],\"subject\":\"x\"}");
        assertThat(bad)
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(bad)).contains("\"field\":\"to\"", "not an e-mail address");
        assertThat(get("/api/outbox")).doesNotContain("not an address");
    }
}
