/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static dev.netsmtp.test.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.test.Step;
import dev.netsmtp.test.autoconfigure.AutoConfigureSmtpTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sample's mail code tested as a user would test theirs, with netsmtp's test kit: the
 * message is complete (Date, Message-ID, a UTF-8 subject that decodes), and a refusal forced at the
 * server reaches the JSON API as the server's reply.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "smtp.retry.max-attempts=1")
@AutoConfigureSmtpTestServer
class MailServiceTests {

    @Autowired
    SmtpTestServer smtp;

    @Autowired
    MailService mail;

    @LocalServerPort
    int port;

    @Test
    void theMessageIsCompleteAndDecodesAsSent() {
        mail.send("me@example.com", List.of("you@example.com"), "Grüße aus Köln", "Hallo, schöne Welt");

        var received = smtp.awaitMessage();
        assertThat(received)
                .isFrom("me@example.com")
                .hasRecipients("you@example.com")
                .hasSubject("Grüße aus Köln")
                .hasTextContaining("Hallo, schöne Welt");
        assertThat(received.header("Date")).isPresent();
        assertThat(received.header("Message-ID")).get().asString().endsWith("@sample.netsmtp.dev>");
    }

    @Test
    void aRefusalAtTheServerReachesTheApiAsItsReply() throws Exception {
        smtp.failAt(Step.MAIL).always().reply("451 4.3.0 Try again later");

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/messages"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"from\":\"me@example.com\",\"to\":\"you@example.com\",\"subject\":\"hi\",\"body\":\"x\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("451 4.3.0 Try again later").contains("\"transient\":true");
        assertThat(smtp).hasReceivedNothing();
    }
}
