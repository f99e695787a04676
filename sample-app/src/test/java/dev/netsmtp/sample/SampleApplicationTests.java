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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The sample with no settings: the embedded SMTP server, the JSON API, the health endpoint. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSmtpServer embedded;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> post(String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/messages"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Autowired
    org.springframework.core.env.Environment environment;

    @Test
    void theSampleListensOnLoopbackOnlyByDefault() throws Exception {
        String address = environment.getProperty("server.address");
        assertThat(address).isNotNull();
        assertThat(java.net.InetAddress.getByName(address).isLoopbackAddress())
                .as("started with real credentials, the page must not be an open relay for the network")
                .isTrue();
    }

    @Test
    void postedMessageReachesTheEmbeddedServerAndTheInbox() throws Exception {
        HttpResponse<String> sent = post(
                "{\"from\":\"api@example.com\",\"to\":\"one@example.com, two@example.com\",\"subject\":\"Gr\u00fc\u00dfe via API\",\"body\":\"Gr\u00fc\u00dfe aus K\u00f6ln\"}");
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body())
                .contains("\"accepted\":[\"one@example.com\",\"two@example.com\"]", "250")
                .contains("\"transcript\":[");
        assertThat(embedded.messages()).anySatisfy(m -> {
            assertThat(m.subject()).isEqualTo("Gr\u00fc\u00dfe via API");
            // Decoded from the message's charset, not read as Latin-1.
            assertThat(m.preview().trim()).isEqualTo("Gr\u00fc\u00dfe aus K\u00f6ln");
        });
        assertThat(get("/api/messages")).contains("\"embedded\":true", "Gr\u00fc\u00dfe via API");
        assertThat(get("/api/results")).contains("Gr\u00fc\u00dfe via API");
    }

    @Test
    void toMayBeAnArrayAndTheInboxIsNewestFirstWithLongBodiesCut() throws Exception {
        assertThat(post("{\"from\":\"api@example.com\",\"to\":[\"a@example.com\",\"b@example.com\"],"
                                + "\"subject\":\"older\",\"body\":\"" + "y".repeat(2000) + "\"}")
                        .statusCode())
                .isEqualTo(200);
        // A mailbox of its own: GreenMail lists its messages mailbox by mailbox, the inbox by arrival.
        assertThat(
                        post("{\"from\":\"api@example.com\",\"to\":[\"newest-mailbox@example.com\"],\"subject\":\"newer\",\"body\":\"z\"}")
                                .statusCode())
                .isEqualTo(200);
        var inbox = embedded.messages();
        assertThat(inbox.get(0).subject()).isEqualTo("newer");
        var older = inbox.stream()
                .filter(m -> m.subject().equals("older"))
                .findFirst()
                .orElseThrow();
        assertThat(older.truncated()).isTrue();
        assertThat(older.preview()).hasSize(EmbeddedSmtpServer.PREVIEW);
        String raw = get("/api/messages/" + older.index() + "/raw");
        assertThat(raw).contains("Subject: older");
        // A 2,000-character line cannot go over SMTP (998 octets at most): Jakarta Mail encodes it.
        for (String line : raw.split("\r\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(998);
        }
        assertThat(older.preview()).isEqualTo("y".repeat(EmbeddedSmtpServer.PREVIEW));
    }

    @Test
    void badInputGetsAProblemDetailNamingTheField() throws Exception {
        HttpResponse<String> noRecipient =
                post("{\"from\":\"api@example.com\",\"to\":\"\",\"subject\":\"x\",\"body\":\"y\"}");
        assertThat(noRecipient.statusCode()).isEqualTo(400);
        assertThat(noRecipient.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(noRecipient.body()).contains("at least one recipient", "\"field\":\"to\"");
        HttpResponse<String> badAddress =
                post("{\"from\":\"api@example.com\",\"to\":\"nobody\",\"subject\":\"x\",\"body\":\"y\"}");
        assertThat(badAddress.statusCode()).isEqualTo(400);
        assertThat(badAddress.body()).contains("'nobody' is not an e-mail address", "\"field\":\"to\"");
        HttpResponse<String> injection = post(
                "{\"from\":\"api@example.com\",\"to\":\"a@b.c>\\r\\nRCPT TO:<evil@x.y\",\"subject\":\"x\",\"body\":\"y\"}");
        assertThat(injection.statusCode()).isEqualTo(400);
        HttpResponse<String> badSubject = post(
                "{\"from\":\"api@example.com\",\"to\":\"a@example.com\",\"subject\":\"x\\r\\nBcc: evil@x.y\",\"body\":\"y\"}");
        assertThat(badSubject.statusCode()).isEqualTo(400);
        assertThat(badSubject.body()).contains("one line", "\"field\":\"subject\"");
        HttpResponse<String> numbers = post("{\"from\":\"api@example.com\",\"to\":[1,2],\"subject\":\"x\"}");
        assertThat(numbers.statusCode()).isEqualTo(400);
        assertThat(numbers.body()).contains("\"field\":\"to\"");
        HttpResponse<String> malformed = post("{\"from\": \"api@example.com\", ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("not a message as JSON", "\"status\":400");
    }

    @Test
    void theStatusShowsThePoolAndTheSendCounts() throws Exception {
        post("{\"from\":\"api@example.com\",\"to\":\"s@example.com\",\"subject\":\"status\",\"body\":\"y\"}");
        assertThat(get("/api/status")).contains("\"pool\":{", "\"created\":", "\"messages\":{\"sent\":");
    }

    @Test
    void healthShowsTheSmtpIndicator() throws Exception {
        assertThat(get("/actuator/health")).contains("\"smtp\"", "pool.idle");
    }

    /** The raw bytes of the embedded server's message with this subject. */
    private String rawOf(String subject) {
        for (Inbox.ReceivedMessage m : embedded.messages()) {
            if (subject.equals(m.subject())) {
                return new String(embedded.raw(m.index()).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no message " + subject + " in " + embedded.messages());
    }

    @Test
    void displayNamesAreTakenInFromAndToAndRecipientsAreSplitOnCommasOnly() throws Exception {
        HttpResponse<String> sent = post(
                "{\"from\":\"Ann Lee <api@example.com>\","
                        + "\"to\":\"\\\"Lee, Bob\\\" <bob@example.com>; carol@example.com\",\"subject\":\"names\",\"body\":\"y\"}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(sent.body()).contains("\"accepted\":[\"bob@example.com\",\"carol@example.com\"]");
        String raw = rawOf("names");
        assertThat(raw).contains("From: Ann Lee <api@example.com>\r\n", "\"Lee, Bob\" <bob@example.com>,");
        HttpResponse<String> spaces =
                post("{\"from\":\"api@example.com\",\"to\":\"one@example.com two@example.com\",\"subject\":\"x\"}");
        assertThat(spaces.statusCode()).as("the field says comma separated").isEqualTo(400);
        assertThat(spaces.body()).contains("\"field\":\"to\"");
    }

    @Test
    void manyRecipientsAreFoldedWithinTheLineLimit() throws Exception {
        StringBuilder to = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            to.append(i == 0 ? "" : ", ").append("reader").append(i).append("@example.com");
        }
        HttpResponse<String> sent =
                post("{\"from\":\"api@example.com\",\"to\":\"" + to + "\",\"subject\":\"folded\",\"body\":\"y\"}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        String raw = rawOf("folded");
        String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
        for (String line : head.split("\r\n")) {
            if (!line.startsWith("Received:")) { // the receiving server's own line
                assertThat(line.length()).as(line).isLessThanOrEqualTo(78);
            }
        }
        assertThat(head).contains("reader249@example.com");
    }

    @Test
    void aFormPostIsAProblemDetailToo() throws Exception {
        HttpResponse<String> form = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/messages"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("from=a%40example.com&to=b%40example.com"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(form.body()).contains("application/json", "application/x-www-form-urlencoded");
    }
}
