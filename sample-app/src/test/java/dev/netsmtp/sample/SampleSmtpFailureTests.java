/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.test.Step;
import dev.netsmtp.test.autoconfigure.AutoConfigureSmtpTestServer;
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
 * The sample's answers when a send fails: the server's refusal is titled as the server's with its
 * reply; a failure on the client's side is titled as such, without the envelope dumped into it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "smtp.retry.max-attempts=1")
@AutoConfigureSmtpTestServer
@Timeout(60)
class SampleSmtpFailureTests {

    @LocalServerPort
    int port;

    @Autowired
    SmtpTestServer smtp;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> post(String subject) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/messages"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"from\":\"api@example.com\",\"to\":\"ann@example.com\"," + "\"subject\":\"" + subject
                                        + "\",\"body\":\"y\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aServersRefusalCarriesItsReply() throws Exception {
        smtp.failAt(Step.RCPT).reply("550 5.1.1 No such user here");
        HttpResponse<String> refused = post("refused");
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.body())
                .contains("\"title\":\"The SMTP server did not take the message\"", "550 5.1.1 No such user here")
                .doesNotContain("Envelope[");
    }

    @Test
    void aLostReplyIsTitledAsMaybeDeliveredWithoutTheEnvelope() throws Exception {
        // The kit hangs up at MAIL after the client pipelined the whole transaction (BDAT): the
        // data went out, so nobody knows whether it was taken.
        smtp.failAt(Step.MAIL).disconnect();
        HttpResponse<String> lost = post("lost");
        assertThat(lost.statusCode()).isEqualTo(502);
        assertThat(lost.body())
                .contains("\"title\":\"The message may have been delivered\"", "not resent")
                .doesNotContain("Envelope[", "did not take");
    }

    @Test
    void aFailureWithoutAReplyIsTitledAsTheClientsWithoutTheEnvelope() {
        dev.netsmtp.SmtpConnectionException refused = new dev.netsmtp.SmtpConnectionException(
                "connection refused by smtp.example.com:587 Envelope[from=<a@example.com>, to=[b@example.com]]",
                null,
                null);
        assertThat(MessageController.title(refused)).isEqualTo("The message was not sent");
        assertThat(MessageController.summary(refused)).isEqualTo("connection refused by smtp.example.com:587");
    }
}
