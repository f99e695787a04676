/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.internal.SessionMechanics;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions against GreenMail, a real SMTP server in process. */
class GreenMailSessionIntegrationTests {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static SmtpConfig.Builder config() {
        ServerSetup setup = greenMail.getSmtp().getServerSetup();
        return SmtpConfig.builder()
                .host(setup.getBindAddress())
                .port(greenMail.getSmtp().getPort());
    }

    private static String message(String subject, String body) {
        return "From: sender@example.com\r\nTo: rcpt@example.com\r\nSubject: " + subject + "\r\n" + "Message-ID: <"
                + subject + "@example.com>\r\n\r\n" + body;
    }

    @Test
    void readmeBatchExampleSendsEachMessage() throws Exception {
        SmtpConfig config = SmtpConfig.builder()
                .host("127.0.0.1")
                .port(greenMail.getSmtp().getPort())
                .helo("app.example.com")
                .build();
        // The README's batch example, verbatim.
        List<OutgoingMessage> batch = List.of(
                OutgoingMessage.of("alice@example.com", List.of("bob@example.com"), "Subject: one\r\n\r\nfirst\r\n"),
                OutgoingMessage.of(
                        "alice@example.com", List.of("carol@example.com"), "Subject: two\r\n\r\nsecond\r\n"));
        Smtp.start(config, session -> {
            for (SendOutcome outcome : session.sendMessages(batch)) {
                System.out.println(
                        outcome.isSent()
                                ? "sent"
                                : "not sent: " + outcome.error().orElseThrow());
            }
        });

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).extracting(MimeMessage::getSubject).containsExactly("one", "two");
    }

    @Test
    void sendsBytesStringAndStreamToManyRecipients() throws Exception {
        try (SmtpSession s = Smtp.start(config().build())) {
            assertThat(s.isEsmtp()).isTrue();
            SendResult r1 = s.sendMessage(
                    message("bytes", "one\r\n").getBytes(StandardCharsets.UTF_8),
                    "sender@example.com",
                    "a@example.com",
                    "b@example.com");
            assertThat(r1.acceptedRecipients()).containsExactly("a@example.com", "b@example.com");
            assertThat(r1.rejected()).isEmpty();
            assertThat(r1.reply().code()).isEqualTo(250);
            s.sendMessage(message("string", "two\r\n"), "sender@example.com", List.of("c@example.com"));
            s.sendMessage(
                    new ByteArrayInputStream(message("stream", "three\n").getBytes(StandardCharsets.UTF_8)),
                    "sender@example.com",
                    "d@example.com");
        }
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(Arrays.stream(received).map(GreenMailSessionIntegrationTests::subject))
                .containsExactlyInAnyOrder("bytes", "bytes", "string", "stream");
    }

    @Test
    void dotLinesAndBareLineFeedsArriveIntact() throws Exception {
        String body = ".leading dot\n..two dots\n.\nlast line without newline";
        try (SmtpSession s = Smtp.start(config().build())) {
            s.sendMessage(message("dots", body), "sender@example.com", "rcpt@example.com");
        }
        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertThat(GreenMailUtil.getBody(received))
                .isEqualTo(".leading dot\r\n..two dots\r\n.\r\nlast line without newline");
    }

    @Test
    void messageStreamAndWriterCallbackDeliver() throws Exception {
        try (SmtpSession s = Smtp.start(config().build())) {
            MessageOutputStream out = s.openMessageStream("sender@example.com", "rcpt@example.com");
            out.write(message("opened-stream", "streamed body\r\n").getBytes(StandardCharsets.UTF_8));
            SendResult streamed = out.commit();
            assertThat(out.result()).isSameAs(streamed);
            out.close();
            assertThat(streamed.acceptedRecipients()).containsExactly("rcpt@example.com");
            s.sendMessage(
                    Envelope.of("sender@example.com", "rcpt@example.com"),
                    (OutputStream w) -> w.write(message("writer", "written\r\n").getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(Arrays.stream(greenMail.getReceivedMessages()).map(GreenMailSessionIntegrationTests::subject))
                .containsExactly("opened-stream", "writer");
    }

    @Test
    void singleStepsRsetNoopAndQuitWork() throws Exception {
        SmtpSession s = Smtp.start(config().build());
        assertThat(s.noop().code()).isEqualTo(250);
        s.mailFrom("sender@example.com");
        s.rcptTo("ignored@example.com");
        assertThat(s.rset().code()).isEqualTo(250);
        assertThat(((SessionMechanics) s).inTransaction()).isFalse();
        s.mailFrom("other@example.com");
        s.rcptTo("rcpt@example.com");
        SmtpReply reply = s.data(message("steps", "by steps\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(reply.isPositiveCompletion()).isTrue();
        assertThat(s.quit().code()).isEqualTo(221);
        assertThat(s.isUsable()).isFalse();
        s.close();

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("steps");
    }

    @Test
    void transcriptShowsCommandsAndRepliesLikeNetSmtp() {
        List<String> lines = new ArrayList<>();
        Smtp.start(
                config().transcript(lines::add).build(),
                s -> s.sendMessage(message("t", "x\r\n"), "sender@example.com", "rcpt@example.com"));
        assertThat(lines)
                .contains(
                        "<- \"EHLO localhost\"",
                        "<- \"MAIL FROM:<sender@example.com>\"",
                        "<- \"RCPT TO:<rcpt@example.com>\"",
                        "<- \"DATA\"",
                        "<- \"QUIT\"");
        assertThat(lines).anyMatch(l -> l.startsWith("-> \"220 "));
        assertThat(lines).anyMatch(l -> l.startsWith("<- [message data, "));
        assertThat(lines).noneMatch(l -> l.contains("x\r\n"));
    }

    @Test
    void blockFormReturnsAValueAndClosesTheSession() {
        SmtpSession[] seen = new SmtpSession[1];
        int code = Smtp.call(config().build(), s -> {
            seen[0] = s;
            return s.noop().code();
        });
        assertThat(code).isEqualTo(250);
        assertThat(seen[0].isUsable()).isFalse();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
