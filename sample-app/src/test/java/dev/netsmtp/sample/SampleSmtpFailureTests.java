/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static dev.netsmtp.sample.SampleApplicationTests.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.test.Step;
import dev.netsmtp.test.autoconfigure.AutoConfigureSmtpTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The sample's answers when a send fails, through both APIs (the template and JavaMailSender): the
 * server's refusal is titled as the server's with its reply; a lost reply as maybe delivered; a
 * failure on the client's side as such, without the envelope dumped into it. The kit's server
 * here is the production-like one: STARTTLS and a user, so each report's connection says TLS and
 * AUTH as negotiated, and the transcript of a new session shows AUTH with its data redacted.
 */
@SpringBootTest(
        properties = {
            "smtp.retry.max-attempts=1",
            "smtp.tls.mode=starttls-required",
            "smtp.auth.username=app",
            "smtp.auth.password=s3cret"
        })
@AutoConfigureSmtpTestServer(users = "app:s3cret")
@AutoConfigureMockMvc
@Timeout(60)
class SampleSmtpFailureTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    SmtpTestServer smtp;

    private MvcTestResult post(String subject, SendRequest.Via via) {
        return SampleApplicationTests.postJson(
                mvc,
                "/api/messages",
                "{\"from\":\"api@example.com\",\"to\":\"ann@example.com\",\"subject\":\"" + subject
                        + "\",\"body\":\"y\",\"via\":\"" + via + "\"}");
    }

    @ParameterizedTest
    @EnumSource(SendRequest.Via.class)
    void aSentMessageReportsTheConnectionAsNegotiated(SendRequest.Via via) {
        MvcTestResult sent = post("negotiated " + via, via);
        assertThat(sent).hasStatusOk();
        assertThat(body(sent))
                .containsPattern("\"connection\":\\{\"server\":\"127.0.0.1:" + smtp.port()
                        + "\",\"tls\":\"TLSv1\\.[23]\",\"auth\":\"PLAIN\"}");
        assertThat(smtp.awaitMessageWithSubject("negotiated " + via).tls()).isTrue();
    }

    @Test
    void aNewSessionsTranscriptShowsItsLoginRedacted() {
        smtp.failAt(Step.MAIL).disconnect(); // ends the pooled session, so the next send logs in anew
        post("ends the session", SendRequest.Via.TEMPLATE);
        MvcTestResult sent = post("logs in", SendRequest.Via.TEMPLATE);
        assertThat(sent).hasStatusOk();
        assertThat(body(sent)).contains("AUTH PLAIN ***").doesNotContain("s3cret", "AHMzY3JldA");
    }

    @ParameterizedTest
    @EnumSource(SendRequest.Via.class)
    void aServersRefusalCarriesItsReply(SendRequest.Via via) {
        smtp.failAt(Step.RCPT).reply("550 5.1.1 No such user here");
        MvcTestResult refused = post("refused", via);
        assertThat(refused)
                .hasStatus(HttpStatus.BAD_GATEWAY)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(refused))
                .contains(
                        "\"title\":\"The SMTP server did not take the message\"",
                        "550 5.1.1 No such user here",
                        "\"outcome\":\"failed\"",
                        "\"via\":\"" + via + "\"")
                .doesNotContain("Envelope[");
        assertThat(smtp.messages()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(SendRequest.Via.class)
    void aTransientRefusalSaysSo(SendRequest.Via via) {
        smtp.failAt(Step.MAIL).always().reply("451 4.3.0 Try again later");
        MvcTestResult refused = post("later", via);
        assertThat(refused).hasStatus(HttpStatus.BAD_GATEWAY);
        assertThat(body(refused)).contains("451 4.3.0 Try again later", "\"transient\":true");
        assertThat(smtp.messages()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(SendRequest.Via.class)
    void aLostReplyIsTitledAsMaybeDeliveredWithoutTheEnvelope(SendRequest.Via via) {
        // The kit stores the message, then hangs up before its reply: the data went out, so nobody
        // knows whether it was taken, and it is not resent.
        smtp.failAt(Step.END_OF_DATA).storingFirst().disconnect();
        MvcTestResult lost = post("lost " + via, via);
        assertThat(lost).hasStatus(HttpStatus.BAD_GATEWAY);
        assertThat(body(lost))
                .contains("\"title\":\"The message may have been delivered\"", "\"outcome\":\"uncertain\"")
                .doesNotContain("Envelope[", "did not take");
        assertThat(smtp.messagesWithSubject("lost " + via))
                .as("stored once, not resent")
                .hasSize(1);
    }

    @Test
    void aFailureWithoutAReplyIsTitledAsTheClientsWithoutTheEnvelope() {
        SmtpConnectionException refused = new SmtpConnectionException(
                "connection refused by smtp.example.com:587 Envelope[from=<a@example.com>, to=[b@example.com]]",
                null,
                null);
        assertThat(SendFailedException.title(refused)).isEqualTo("The message was not sent");
        assertThat(SendFailedException.summary(refused)).isEqualTo("connection refused by smtp.example.com:587");
    }
}
