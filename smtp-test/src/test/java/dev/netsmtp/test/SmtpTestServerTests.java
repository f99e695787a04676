/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static dev.netsmtp.test.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpMessageTooLargeException;
import dev.netsmtp.SmtpServerBusyException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.tls.TlsMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The test kit's server, driven by netsmtp's own client: what it advertises and records, and a
 * failure on cue at every step of a session.
 */
class SmtpTestServerTests {

    @RegisterExtension
    static final SmtpTestServer smtp = SmtpTestServer.create();

    private static final String MESSAGE = "From: app@example.com\r\nTo: ada@example.com\r\nSubject: Welcome\r\n\r\n"
            + "Hello!\r\n.a line that starts with a dot\r\n";

    private static SendResult send(SmtpSession session) {
        return session.sendMessage(MESSAGE, "app@example.com", "ada@example.com");
    }

    @Test
    void theClassJavadocExampleWorks() {
        try (SmtpSession session = Smtp.start(smtp.clientConfig().build())) {
            session.sendMessage("Subject: Welcome\r\n\r\nHello!\r\n", "app@example.com", "ada@example.com");
        }
        assertThat(smtp.awaitMessage().subject()).isEqualTo("Welcome");
    }

    @Test
    void keepsTheEnvelopeTheExactBytesAndWhatAReaderWouldShow() {
        SendResult result;
        try (SmtpSession session = Smtp.start(smtp.clientConfig().build())) {
            result = send(session);
        }
        ReceivedMessage m = smtp.awaitMessage();
        assertThat(m)
                .isFrom("app@example.com")
                .hasRecipients("ada@example.com")
                .hasSubject("Welcome")
                .hasTextContaining("Hello!", ".a line that starts with a dot");
        // Dot-stuffing undone, nothing else changed.
        assertThat(m.raw()).isEqualTo(MESSAGE.getBytes(StandardCharsets.US_ASCII));
        assertThat(result.queueId()).contains(m.queueId());
        assertThat(m.mailParameters()).containsKey("SIZE");
        assertThat(m.transcript())
                .contains(
                        "S: 250-PIPELINING",
                        "S: 250-SIZE 10485760",
                        "S: 250-8BITMIME",
                        "S: 250-SMTPUTF8",
                        "S: 250-DSN",
                        "S: 250-ENHANCEDSTATUSCODES",
                        "S: 250-STARTTLS")
                .contains("S: 250-CHUNKING")
                // netsmtp sends by BDAT when CHUNKING is offered: the message in one chunk.
                .contains("C: BDAT " + MESSAGE.length() + " LAST", "C: <chunk, " + MESSAGE.length() + " bytes>")
                .last()
                .isEqualTo("S: 250 2.0.0 Ok: queued as " + m.queueId());
        // netsmtp's default takes the STARTTLS the server offers, and verifies the certificate
        // clientConfig() trusts.
        assertThat(m.tls()).isTrue();
        assertThat(m.authenticatedUser()).isEmpty();
    }

    @Test
    void speaksStartTlsWithACertificateTheClientVerifiesAndAuth() {
        try (SmtpSession session = Smtp.start(smtp.clientConfig()
                .tls(TlsMode.STARTTLS_REQUIRED)
                .auth("alice", "secret")
                .build())) {
            send(session);
        }
        ReceivedMessage m = smtp.awaitMessage();
        assertThat(m).cameOverTls().wasAuthenticatedAs("alice");
        assertThat(m.transcript()).contains("C: STARTTLS", "S: 220 2.0.0 Ready to start TLS");
        assertThat(String.join("\n", m.transcript())).doesNotContain("secret").contains("AUTH PLAIN <redacted>");
    }

    @Test
    void smtpUtf8And8BitMimeParametersArriveAsSent() {
        String utf8 =
                "Subject: Grüße\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                        + "Grüße aus Köln\r\n";
        try (SmtpSession session = Smtp.start(smtp.clientConfig().build())) {
            session.sendMessage(utf8.getBytes(StandardCharsets.UTF_8), "app@example.com", "jörg@exämple.com");
        }
        ReceivedMessage m = smtp.awaitMessage();
        assertThat(m.recipients()).containsExactly("jörg@exämple.com");
        assertThat(m.mailParameters()).containsKeys("SMTPUTF8", "BODY");
        assertThat(m).hasSubject("Grüße").hasTextContaining("Grüße aus Köln");
    }

    @Test
    void refusesAMessageOverItsSizeAsTheClientDeclaresIt() {
        try (SmtpTestServer small = SmtpTestServer.builder().maxMessageSize(100).start();
                SmtpSession session = Smtp.start(small.clientConfig().build())) {
            assertThatThrownBy(() -> session.sendMessage(
                            "Subject: big\r\n\r\n" + "x".repeat(200) + "\r\n", "app@example.com", "ada@example.com"))
                    .isInstanceOf(SmtpMessageTooLargeException.class);
            assertThat(small).hasReceivedNothing();
        }
    }

    @Test
    void refusesWrongCredentialsWhenUsersAreConfigured() {
        try (SmtpTestServer guarded =
                SmtpTestServer.builder().user("alice", "right").start()) {
            assertThatThrownBy(() -> Smtp.start(guarded.clientConfig()
                            .tls(TlsMode.STARTTLS_REQUIRED)
                            .auth("alice", "wrong")
                            .build()))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("535");
            try (SmtpSession ok = Smtp.start(guarded.clientConfig()
                    .tls(TlsMode.STARTTLS_REQUIRED)
                    .auth("alice", "right")
                    .build())) {
                send(ok);
            }
            assertThat(guarded.awaitMessage()).wasAuthenticatedAs("alice");
        }
    }

    // ---- failures on cue, at every step

    @Test
    void greetingRefused() {
        smtp.failAt(Step.GREETING).reply("554 5.3.2 No service today");
        assertThatThrownBy(() -> Smtp.start(smtp.clientConfig().build()))
                .isInstanceOf(SmtpException.class)
                .satisfies(e -> assertThat(((SmtpException) e).replyCode()).isEqualTo(554));
    }

    @Test
    void greetingSilentMakesTheClientTimeOut() {
        smtp.failAt(Step.GREETING).silence();
        assertThatThrownBy(() -> Smtp.start(
                        smtp.clientConfig().readTimeout(Duration.ofMillis(300)).build()))
                .isInstanceOf(SmtpTimeoutException.class);
    }

    @Test
    void ehloClosingWith421() {
        smtp.failAt(Step.EHLO).reply("421 4.3.2 Shutting down");
        assertThatThrownBy(() -> Smtp.start(smtp.clientConfig().build())).isInstanceOf(SmtpServerBusyException.class);
    }

    /**
     * A 421 closing in the middle of a pipelined batch, at each step of the second message, with
     * BDAT and with DATA: the server answers what came before it (the first message's 250) before
     * it closes, so the first message is reported sent; the second is not sent, and is not
     * uncertain (the server said 421).
     */
    @ParameterizedTest(name = "421 at {0}, chunking {1}")
    @CsvSource({
        "MAIL, true", "RCPT, true", "DATA, true", "END_OF_DATA, true",
        "MAIL, false", "RCPT, false", "DATA, false", "END_OF_DATA, false"
    })
    void a421ClosingInTheMiddleOfAPipelinedBatchAnswersWhatCameBeforeIt(Step step, boolean chunking) {
        try (SmtpTestServer server = SmtpTestServer.builder().chunking(chunking).start()) {
            server.failAt(step).skip(1).reply("421 4.3.2 Shutting down");
            List<SendOutcome> outcomes = Smtp.call(
                    server.clientConfig().build(),
                    s -> s.sendMessages(List.of(
                            OutgoingMessage.of("app@example.com", List.of("first@example.com"), MESSAGE),
                            OutgoingMessage.of("app@example.com", List.of("second@example.com"), MESSAGE))));
            assertThat(outcomes.get(0).isSent()).as(outcomes.get(0).toString()).isTrue();
            assertThat(outcomes.get(1).isSent()).isFalse();
            assertThat(outcomes.get(1).isUncertain())
                    .as(outcomes.get(1).toString())
                    .isFalse();
            assertThat(server.messages())
                    .extracting(ReceivedMessage::recipients)
                    .containsExactly(List.of("first@example.com"));
        }
    }

    @Test
    void startTlsRefusedWithA454() {
        smtp.failAt(Step.STARTTLS).reply("454 4.7.0 TLS not available due to temporary reason");
        assertThatThrownBy(() -> Smtp.start(
                        smtp.clientConfig().tls(TlsMode.STARTTLS_REQUIRED).build()))
                .isInstanceOfSatisfying(
                        SmtpTlsException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @Test
    void authRefused() {
        smtp.failAt(Step.AUTH).reply("535 5.7.8 Authentication credentials invalid");
        assertThatThrownBy(() -> Smtp.start(smtp.clientConfig()
                        .tls(TlsMode.STARTTLS_REQUIRED)
                        .auth("alice", "secret")
                        .build()))
                .isInstanceOf(SmtpAuthenticationException.class);
    }

    @Test
    void mailRefusedOnceThenAccepted() {
        smtp.failAt(Step.MAIL).reply("451 4.3.0 Try again later");
        try (SmtpSession session = Smtp.start(smtp.clientConfig().build())) {
            assertThatThrownBy(() -> send(session))
                    .isInstanceOf(SmtpServerBusyException.class)
                    .hasMessageContaining("451 4.3.0 Try again later");
            send(session);
        }
        assertThat(smtp).hasReceived(1);
    }

    @Test
    void oneRecipientRefusedAlwaysTheOthersDelivered() {
        smtp.failAt(Step.RCPT, "Bob@Example.com").always().reply("550 5.1.1 No such user");
        SendResult result;
        try (SmtpSession session = Smtp.start(
                smtp.clientConfig().recipientPolicy(RecipientPolicy.PARTIAL).build())) {
            result = session.sendMessage(MESSAGE, "app@example.com", "ada@example.com", "bob@example.com");
            session.sendMessage(MESSAGE, "app@example.com", "bob@example.com", "carl@example.com");
        }
        assertThat(result.rejectedRecipients()).containsExactly("bob@example.com");
        List<ReceivedMessage> got = smtp.awaitMessages(2, Duration.ofSeconds(5));
        assertThat(got.get(0)).hasRecipients("ada@example.com");
        assertThat(got.get(1)).hasRecipients("carl@example.com");
    }

    @Test
    void dataRefused() {
        // netsmtp sends by BDAT when CHUNKING is offered: a DATA step needs a server without it.
        try (SmtpTestServer noChunking =
                SmtpTestServer.builder().chunking(false).start()) {
            noChunking.failAt(Step.DATA).reply("554 5.3.0 No data today");
            try (SmtpSession session = Smtp.start(noChunking.clientConfig().build())) {
                assertThatThrownBy(() -> send(session))
                        .isInstanceOf(SmtpException.class)
                        .hasMessageContaining("554");
                // Without a cue the message goes by DATA, dot-stuffing undone.
                send(session);
            }
            assertThat(noChunking.awaitMessage().raw()).isEqualTo(MESSAGE.getBytes(StandardCharsets.US_ASCII));
            assertThat(noChunking.messages().get(0).transcript()).contains("C: DATA");
        }
    }

    @Test
    void refusedAfterTheDataIsNotStored() {
        smtp.failAt(Step.END_OF_DATA).reply("452 4.3.1 Insufficient system storage");
        try (SmtpSession session = Smtp.start(smtp.clientConfig().build())) {
            assertThatThrownBy(() -> send(session)).isInstanceOf(SmtpServerBusyException.class);
        }
        assertThat(smtp).hasReceivedNothing();
    }

    @Test
    void droppedAfterTheDataIsUncertainAndNotStored() {
        smtp.failAt(Step.END_OF_DATA).disconnect();
        try (SmtpSession session = Smtp.start(smtp.clientConfig().build())) {
            assertThatThrownBy(() -> send(session)).isInstanceOf(SmtpDeliveryUncertainException.class);
        }
        assertThat(smtp).hasReceivedNothing();
    }

    @Test
    void deliveredButTheReplyLostIsUncertainAndStored() {
        smtp.failAt(Step.END_OF_DATA).deliverThenDisconnect();
        try (SmtpSession session = Smtp.start(smtp.clientConfig().build())) {
            assertThatThrownBy(() -> send(session)).isInstanceOf(SmtpDeliveryUncertainException.class);
        }
        assertThat(smtp).hasReceived(1);
        assertThat(smtp.messages().get(0).transcript()).last().isEqualTo("S: <connection closed before the reply>");
    }

    @Test
    void silentAfterTheDataIsUncertainWithinTheFinalReplyTimeout() {
        smtp.failAt(Step.END_OF_DATA).silence();
        try (SmtpSession session = Smtp.start(
                smtp.clientConfig().finalReplyTimeout(Duration.ofMillis(300)).build())) {
            assertThatThrownBy(() -> send(session)).isInstanceOf(SmtpDeliveryUncertainException.class);
        }
    }

    @Test
    void timesAndResetDecideHowLongACueLasts() {
        smtp.failAt(Step.MAIL).times(2).reply("451 4.3.0 busy");
        try (SmtpSession session = Smtp.start(smtp.clientConfig().build())) {
            assertThatThrownBy(() -> send(session)).isInstanceOf(SmtpServerBusyException.class);
            assertThatThrownBy(() -> send(session)).isInstanceOf(SmtpServerBusyException.class);
            send(session);
            smtp.failAt(Step.MAIL).always().reply("451 4.3.0 busy");
            assertThatThrownBy(() -> send(session)).isInstanceOf(SmtpServerBusyException.class);
            smtp.reset();
            send(session);
        }
        assertThat(smtp).hasReceived(1);
    }

    @Test
    void badCuesAreRefusedWhenMade() {
        assertThatThrownBy(() -> smtp.failAt(Step.MAIL).reply("hello"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("code 200-599");
        assertThatThrownBy(() -> smtp.failAt(Step.MAIL).deliverThenDisconnect())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> smtp.failAt(Step.MAIL, "a@b.example")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void implicitTlsGreetsInsideTlsAndOffersNoStartTls() {
        try (SmtpTestServer implicit =
                        SmtpTestServer.builder().implicitTls(true).start();
                SmtpSession session =
                        Smtp.start(implicit.clientConfig().tls(TlsMode.IMPLICIT).build())) {
            assertThat(session.isEncrypted()).isTrue();
            assertThat(session.capabilities().supportsStartTls()).isFalse();
            send(session);
            assertThat(implicit.awaitMessage()).cameOverTls();
        }
    }

    @Test
    void aPlainClientOfAnImplicitTlsServerGetsNoGreeting() {
        try (SmtpTestServer implicit =
                SmtpTestServer.builder().implicitTls(true).start()) {
            assertThatThrownBy(() -> Smtp.start(implicit.clientConfig()
                            .tls(TlsMode.NONE)
                            .readTimeout(Duration.ofMillis(500))
                            .build()))
                    .isInstanceOf(SmtpException.class);
            assertThat(implicit).hasReceivedNothing();
        }
    }

    @Test
    void messagesAreFoundByRecipientAndBySubjectAmongOthers() {
        try (SmtpSession session = Smtp.start(smtp.clientConfig().build())) {
            session.sendMessage("Subject: One\r\n\r\n1\r\n", "app@example.com", "ada@example.com");
            session.sendMessage("Subject: Two\r\n\r\n2\r\n", "app@example.com", "Bob@Example.com", "eve@example.com");
        }
        assertThat(smtp.awaitMessageTo("bob@example.com").subject()).isEqualTo("Two");
        assertThat(smtp.awaitMessageWithSubject("One").recipients()).containsExactly("ada@example.com");
        assertThat(smtp.messagesTo("eve@example.com")).hasSize(1);
        assertThat(smtp.messagesTo("nobody@example.com")).isEmpty();
        assertThat(smtp.messagesWithSubject("Three")).isEmpty();
        assertThat(smtp).hasReceivedMessageTo("ADA@example.com").hasSubject("One");
        assertThat(smtp).hasReceivedMessageWithSubject("Two").hasRecipients("Bob@Example.com", "eve@example.com");
        assertThatThrownBy(() -> assertThat(smtp).hasReceivedMessageTo("nobody@example.com"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected a message to <nobody@example.com>");
    }
}
