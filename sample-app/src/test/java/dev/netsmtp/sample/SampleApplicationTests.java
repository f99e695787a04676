/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The sample with no settings: the embedded SMTP server, the JSON API, the health endpoint. */
@SpringBootTest
@AutoConfigureMockMvc
@Timeout(120)
class SampleApplicationTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    EmbeddedSmtpServer embedded;

    @Autowired
    Environment environment;

    private MvcTestResult post(String json) {
        return postJson(mvc, "/api/messages", json);
    }

    /** A JSON POST, as the page makes it. */
    static MvcTestResult postJson(MockMvcTester mvc, String uri, String json) {
        return mvc.post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json)
                .exchange();
    }

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new AssertionError(e);
        }
    }

    private String get(String path) {
        MvcTestResult result = mvc.get().uri(path).exchange();
        assertThat(result).hasStatusOk();
        return body(result);
    }

    @Test
    void theSampleListensOnLoopbackOnlyByDefault() throws Exception {
        String address = environment.getProperty("server.address");
        assertThat(address).isNotNull();
        assertThat(InetAddress.getByName(address).isLoopbackAddress())
                .as("started with real credentials, the page must not be an open relay for the network")
                .isTrue();
    }

    @Test
    void postedMessageReachesTheEmbeddedServerAndTheInbox() {
        MvcTestResult sent = post(
                "{\"from\":\"api@example.com\",\"to\":\"one@example.com, two@example.com\",\"subject\":\"Gr\u00fc\u00dfe via API\",\"body\":\"Gr\u00fc\u00dfe aus K\u00f6ln\"}");
        assertThat(sent).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(body(sent))
                .contains("\"accepted\":[\"one@example.com\",\"two@example.com\"]", "250", "\"via\":\"TEMPLATE\"")
                .contains("\"transcript\":[")
                // The connection as it was: the embedded server speaks plain SMTP, no login.
                .contains("\"connection\":{\"server\":\"127.0.0.1:" + embedded.port()
                        + "\",\"tls\":\"none\",\"auth\":\"none\"}");
        assertThat(embedded.messages()).anySatisfy(m -> {
            assertThat(m.subject()).isEqualTo("Gr\u00fc\u00dfe via API");
            // Decoded from the message's charset, not read as Latin-1.
            assertThat(m.preview().trim()).isEqualTo("Gr\u00fc\u00dfe aus K\u00f6ln");
        });
        assertThat(get("/api/messages"))
                .contains("\"embedded\":true", "Gr\u00fc\u00dfe via API", "\"lastConnection\":{");
        assertThat(get("/api/results")).contains("Gr\u00fc\u00dfe via API");
    }

    @Test
    void theJavaMailSenderPathSendsTheSameMessageBesideTheTemplate() {
        MvcTestResult sent = post("{\"from\":\"Ann Lee <api@example.com>\",\"to\":\"jms@example.com\","
                + "\"subject\":\"via JavaMailSender\",\"body\":\"y\",\"via\":\"JAVA_MAIL_SENDER\"}");
        assertThat(sent).hasStatusOk();
        assertThat(body(sent))
                .contains("\"via\":\"JAVA_MAIL_SENDER\"", "\"outcome\":\"sent\"", "\"connection\":{")
                .as("JavaMailSender returns nothing per recipient: no answers are made up")
                .contains("\"accepted\":[]")
                .doesNotContain("\"reply\"");
        String raw = rawOf("via JavaMailSender");
        assertThat(raw).contains("From: Ann Lee <api@example.com>\r\n", "Message-ID: <", "Date: ");
        MvcTestResult unknown =
                post("{\"from\":\"api@example.com\",\"to\":\"a@example.com\",\"via\":\"CARRIER_PIGEON\"}");
        assertThat(unknown).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(unknown)).contains("not a message as JSON", "CARRIER_PIGEON");
    }

    @Test
    void toMayBeAnArrayAndTheInboxIsNewestFirstWithLongBodiesCut() {
        assertThat(post("{\"from\":\"api@example.com\",\"to\":[\"a@example.com\",\"b@example.com\"],"
                        + "\"subject\":\"older\",\"body\":\"" + "y".repeat(2000) + "\"}"))
                .hasStatusOk();
        // A mailbox of its own: GreenMail lists its messages mailbox by mailbox, the inbox by arrival.
        assertThat(
                        post(
                                "{\"from\":\"api@example.com\",\"to\":[\"newest-mailbox@example.com\"],\"subject\":\"newer\",\"body\":\"z\"}"))
                .hasStatusOk();
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
    void badInputGetsAProblemDetailNamingTheFieldBeforeAnythingIsSent() {
        int before = embedded.messages().size();
        MvcTestResult noRecipient = post("{\"from\":\"api@example.com\",\"to\":\"\",\"subject\":\"x\",\"body\":\"y\"}");
        assertThat(noRecipient)
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(noRecipient)).contains("at least one recipient", "\"field\":\"to\"");
        MvcTestResult noSender = post("{\"to\":\"a@example.com\"}");
        assertThat(body(noSender)).contains("the sender's address", "\"field\":\"from\"");
        MvcTestResult badAddress =
                post("{\"from\":\"api@example.com\",\"to\":\"nobody\",\"subject\":\"x\",\"body\":\"y\"}");
        assertThat(badAddress).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(badAddress)).contains("'nobody' is not an e-mail address", "\"field\":\"to\"");
        // Two fields wrong: the first in the form's order is the one marked; both are listed.
        MvcTestResult two = post("{\"from\":\"x\",\"to\":\"y\",\"subject\":\"x\"}");
        assertThat(body(two)).contains("\"field\":\"from\"", "\"errors\":[{\"field\":\"from\"", "{\"field\":\"to\"");
        // A reason quoting what was typed is shown as typed, never interpolated as a message template.
        MvcTestResult braces = post("{\"from\":\"api@example.com\",\"to\":\"${1+1}{max}\",\"subject\":\"x\"}");
        assertThat(body(braces)).contains("${1+1}{max}", "\"field\":\"to\"");
        // Every character the interpolation treats specially: $, {, } and the backslash.
        MvcTestResult backslash = post("{\"from\":\"api@example.com\",\"to\":\"a\\\\{b}$c\",\"subject\":\"x\"}");
        assertThat(backslash).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(backslash)).contains("'a\\\\{b}$c' is not an e-mail address");
        MvcTestResult injection = post(
                "{\"from\":\"api@example.com\",\"to\":\"a@b.c>\\r\\nRCPT TO:<evil@x.y\",\"subject\":\"x\",\"body\":\"y\"}");
        assertThat(injection).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(injection)).contains("\"field\":\"to\"");
        MvcTestResult badSubject = post(
                "{\"from\":\"api@example.com\",\"to\":\"a@example.com\",\"subject\":\"x\\r\\nBcc: evil@x.y\",\"body\":\"y\"}");
        assertThat(badSubject).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(badSubject)).contains("one line", "\"field\":\"subject\"");
        MvcTestResult numbers = post("{\"from\":\"api@example.com\",\"to\":[1,2],\"subject\":\"x\"}");
        assertThat(numbers).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(numbers)).contains("\"field\":\"to\"");
        MvcTestResult malformed = post("{\"from\": \"api@example.com\", ");
        assertThat(malformed).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(malformed)).contains("not a message as JSON", "\"status\":400");
        assertThat(embedded.messages()).as("nothing refused was sent").hasSize(before);
    }

    @Test
    void theStatusShowsThePoolAndTheSendCounts() {
        post("{\"from\":\"api@example.com\",\"to\":\"s@example.com\",\"subject\":\"status\",\"body\":\"y\"}");
        assertThat(get("/api/status")).contains("\"pool\":{", "\"created\":", "\"messages\":{\"sent\":");
    }

    @Test
    void healthShowsTheSmtpIndicator() {
        assertThat(get("/actuator/health")).contains("\"smtp\"", "pool.idle");
    }

    /** The raw bytes of the embedded server's message with this subject. */
    private String rawOf(String subject) {
        for (Inbox.ReceivedMessage m : embedded.messages()) {
            if (subject.equals(m.subject())) {
                return new String(embedded.raw(m.index()).orElseThrow(), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no message " + subject + " in " + embedded.messages());
    }

    @Test
    void displayNamesAreTakenInFromAndToAndRecipientsAreSplitOnCommasOnly() {
        MvcTestResult sent = post(
                "{\"from\":\"Ann Lee <api@example.com>\","
                        + "\"to\":\"\\\"Lee, Bob\\\" <bob@example.com>; carol@example.com\",\"subject\":\"names\",\"body\":\"y\"}");
        assertThat(sent).hasStatusOk();
        assertThat(body(sent)).contains("\"accepted\":[\"bob@example.com\",\"carol@example.com\"]");
        String raw = rawOf("names");
        assertThat(raw).contains("From: Ann Lee <api@example.com>\r\n", "\"Lee, Bob\" <bob@example.com>,");
        MvcTestResult spaces =
                post("{\"from\":\"api@example.com\",\"to\":\"one@example.com two@example.com\",\"subject\":\"x\"}");
        assertThat(spaces).as("the field says comma separated").hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(spaces))
                .contains(
                        "\"field\":\"to\"", "address \\\"one@example.com two@example.com\\\" has a space at index 15");
    }

    @Test
    void manyRecipientsAreFoldedWithinTheLineLimit() {
        StringBuilder to = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            to.append(i == 0 ? "" : ", ").append("reader").append(i).append("@example.com");
        }
        MvcTestResult sent =
                post("{\"from\":\"api@example.com\",\"to\":\"" + to + "\",\"subject\":\"folded\",\"body\":\"y\"}");
        assertThat(sent).hasStatusOk();
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
    void aFormPostIsAProblemDetailToo() {
        MvcTestResult form = mvc.post()
                .uri("/api/messages")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("from=a%40example.com&to=b%40example.com")
                .exchange();
        assertThat(form)
                .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(form)).contains("application/json", "application/x-www-form-urlencoded");
    }
}
