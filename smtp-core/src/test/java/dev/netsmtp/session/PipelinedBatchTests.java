/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpFatalException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.internal.SessionMechanics;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.tls.TlsMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link SmtpSession#sendMessages}: transactions pipelined behind the end of data (RFC 2920
 * section 3.1), N messages in N+1 round trips, each message with its own outcome, whichever step
 * of which message the server refuses or loses.
 */
class PipelinedBatchTests {

    static SmtpConfig.Builder config(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .tls(TlsMode.NONE)
                .readTimeout(Duration.ofSeconds(5));
    }

    static List<OutgoingMessage> messages(int n) {
        List<OutgoingMessage> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(OutgoingMessage.of(
                    dev.netsmtp.Envelope.of("a@example.com", List.of("r" + i + "@example.com")),
                    ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
        return list;
    }

    static String data(int i) {
        return "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n.\r\n";
    }

    /** Reads message {@code i}'s data, then its successor's MAIL, RCPT and DATA: one write. */
    static void dataThenNextEnvelope(Conversation c, int i) throws IOException {
        assertThat(new String(c.readData(), StandardCharsets.US_ASCII)).isEqualTo(data(i));
        int end = c.readCount();
        c.expect("MAIL FROM:<a@example.com>");
        c.expect("RCPT TO:<r" + (i + 1) + "@example.com>");
        c.expect("DATA");
        assertThat(c.readOf(c.lines().size() - 1))
                .as("the end of message %d and the next MAIL, RCPT and DATA in one write", i)
                .isEqualTo(end);
    }

    static void quit(Conversation c) throws IOException {
        c.expect("QUIT");
        c.reply("221 bye");
    }

    @Test
    void threeMessagesGoInFourRoundTripsEachEndOfDataWithTheNextEnvelope() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            // Each reply below is one round trip; the script answers nothing before the client
            // has sent the next envelope, so a client that waited would hang here.
            dataThenNextEnvelope(c, 1);
            c.reply("250 2.0.0 queued as Q1", "250 2.1.0 ok", "250 2.1.5 ok", "354 go ahead");
            dataThenNextEnvelope(c, 2);
            c.reply("250 2.0.0 queued as Q2", "250 2.1.0 ok", "250 2.1.5 ok", "354 go ahead");
            assertThat(new String(c.readData(), StandardCharsets.US_ASCII)).isEqualTo(data(3));
            c.reply("250 2.0.0 queued as Q3");
            quit(c);
        })) {
            List<SendOutcome> out;
            try (SmtpSession s = Smtp.start(config(server).build())) {
                out = s.sendMessages(messages(3));
                assertThat(((SessionMechanics) s).messageCount()).isEqualTo(3);
            }
            assertThat(out).hasSize(3).allMatch(SendOutcome::isSent);
            assertThat(out)
                    .extracting(o -> o.result().orElseThrow().queueId().orElseThrow())
                    .containsExactly("Q1", "Q2", "Q3");
            server.verify();
        }
    }

    @Test
    void aRefusedFinalReplyFailsThatMessageOnlyAndTheOneBehindItIsSent() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            dataThenNextEnvelope(c, 1);
            c.reply("554 5.7.1 content refused", "250 2.1.0 ok", "250 2.1.5 ok", "354 go ahead");
            c.readData();
            c.reply("250 2.0.0 queued as Q2");
            quit(c);
        })) {
            List<SendOutcome> out;
            try (SmtpSession s = Smtp.start(config(server).build())) {
                out = s.sendMessages(messages(2));
            }
            assertThat(out.get(0).smtpError()).containsInstanceOf(SmtpFatalException.class);
            assertThat(out.get(0).smtpError().orElseThrow().getMessage()).contains("554", "content refused");
            assertThat(out.get(1).isSent()).isTrue();
            server.verify();
        }
    }

    @Test
    void aRefusedMailFailsThatMessageAndTheOneAfterItStillGoes() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            dataThenNextEnvelope(c, 1);
            c.reply("250 2.0.0 queued as Q1", "550 5.7.1 sender refused", "503 5.5.1 no sender", "503 5.5.1 no rcpt");
            // Nothing was open: message 3 starts a group of its own.
            c.expect("MAIL FROM:");
            c.expect("RCPT TO:<r3@example.com>");
            c.expect("DATA");
            c.reply("250 2.1.0 ok", "250 2.1.5 ok", "354 go ahead");
            assertThat(new String(c.readData(), StandardCharsets.US_ASCII)).isEqualTo(data(3));
            c.reply("250 2.0.0 queued as Q3");
            quit(c);
        })) {
            List<SendOutcome> out;
            try (SmtpSession s = Smtp.start(config(server).build())) {
                out = s.sendMessages(messages(3));
            }
            assertThat(out).extracting(SendOutcome::isSent).containsExactly(true, false, true);
            assertThat(out.get(1).smtpError().orElseThrow().getMessage()).contains("550", "sender refused");
            server.verify();
        }
    }

    @Test
    void aRefusedRecipientIsResetAndTheNextMessageGoes() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            dataThenNextEnvelope(c, 1);
            c.reply(
                    "250 2.0.0 queued as Q1",
                    "250 2.1.0 ok",
                    "550 5.1.1 no such user",
                    "554 5.5.1 no valid recipients");
            c.expect("RSET");
            c.reply("250 2.0.0 reset");
            c.envelopeTo354();
            c.readData();
            c.reply("250 2.0.0 queued as Q3");
            quit(c);
        })) {
            List<SendOutcome> out;
            try (SmtpSession s = Smtp.start(config(server).build())) {
                out = s.sendMessages(messages(3));
            }
            assertThat(out).extracting(SendOutcome::isSent).containsExactly(true, false, true);
            assertThat(out.get(1).smtpError()).containsInstanceOf(SmtpRecipientsRefusedException.class);
            server.verify();
        }
    }

    @Test
    void a354AfterARefusedMailDropsTheConnectionAndLeavesTheRestUntried() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            dataThenNextEnvelope(c, 1);
            c.reply("250 2.0.0 queued as Q1", "550 5.7.1 sender refused", "250 2.1.5 ok", "354 go ahead");
            // Message 2's data would become a message: the client must hang up instead.
            assertThat(c.awaitClose()).isTrue();
        })) {
            List<SendOutcome> out;
            try (SmtpSession s = Smtp.start(config(server).build())) {
                out = s.sendMessages(messages(3));
                assertThat(s.isUsable()).isFalse();
            }
            assertThat(out).hasSize(2);
            assertThat(out.get(0).isSent()).isTrue();
            assertThat(out.get(1).smtpError().orElseThrow().getMessage()).contains("550");
            server.verify();
        }
    }

    @Test
    void aLostFinalReplyIsUncertainAndTheMessageWhoseEnvelopeWasBehindItIsUntried() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            dataThenNextEnvelope(c, 1);
            c.reply("250 2.0.0 queued as Q1", "250 2.1.0 ok", "250 2.1.5 ok", "354 go ahead");
            dataThenNextEnvelope(c, 2);
            c.close(); // message 2 may have been delivered; message 3 had only its envelope
        })) {
            List<SendOutcome> out;
            try (SmtpSession s = Smtp.start(config(server).build())) {
                out = s.sendMessages(messages(3));
            }
            assertThat(out).hasSize(2);
            assertThat(out.get(0).isSent()).isTrue();
            assertThat(out.get(1).isUncertain()).isTrue();
            assertThat(out.get(1).error().orElseThrow()).isInstanceOf(SmtpDeliveryUncertainException.class);
            server.verify();
        }
    }

    @Test
    void aLostEnvelopeReplyBeforeAnyDataFailsThatMessageTransiently() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("MAIL");
            c.expect("RCPT");
            c.expect("DATA");
            c.close();
        })) {
            List<SendOutcome> out;
            try (SmtpSession s = Smtp.start(config(server).build())) {
                out = s.sendMessages(messages(2));
            }
            assertThat(out).hasSize(1);
            SmtpException e = out.get(0).smtpError().orElseThrow();
            assertThat(e.isTransient()).isTrue();
            assertThat(out.get(0).isUncertain()).isFalse();
            server.verify();
        }
    }

    /** The caller's limit for each message (the template's sendTimeout), asked once the one ahead ended. */
    @Test
    void eachMessageHasTheTimeLimitFromWhenTheOneAheadOfItEnded() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            dataThenNextEnvelope(c, 1);
            c.stall(Duration.ofMillis(700));
            c.reply("250 2.0.0 queued as Q1", "250 2.1.0 ok", "250 2.1.5 ok", "354 go ahead");
            dataThenNextEnvelope(c, 2);
            c.stall(Duration.ofMillis(700));
            c.reply("250 2.0.0 queued as Q2", "250 2.1.0 ok", "250 2.1.5 ok", "354 go ahead");
            c.readData();
            // Message 3's reply never comes: its own limit, not the batch's, ends the wait.
            c.stall(Duration.ofSeconds(4));
        })) {
            List<SendOutcome> out;
            BatchListener eachItsOwn = new BatchListener() {
                @Override
                public Optional<Duration> timeLimit(int index) {
                    return Optional.of(Duration.ofMillis(1_200));
                }
            };
            try (SmtpSession s = Smtp.start(config(server).build())) {
                out = s.sendMessages(messages(3), eachItsOwn);
            }
            // 1.4 s for the first two, more than one limit: each was bounded on its own.
            assertThat(out).extracting(SendOutcome::isSent).containsExactly(true, true, false);
            assertThat(out.get(2).isUncertain()).isTrue();
            assertThat(out.get(2).error().orElseThrow().getCause()).isInstanceOf(SmtpTimeoutException.class);
        }
    }

    @Test
    void withoutPipeliningTheMessagesGoOneAfterTheOther() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            for (int i = 1; i <= 2; i++) {
                c.expect("MAIL");
                c.reply("250 ok");
                c.expect("RCPT TO:<r" + i + "@example.com>");
                c.reply("250 ok");
                c.expect("DATA");
                c.reply("354 go");
                c.readData();
                c.reply("250 queued as Q" + i);
            }
            quit(c);
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThat(s.sendMessages(messages(2))).allMatch(SendOutcome::isSent);
            }
            server.verify();
        }
    }

    @Test
    void withChunkingEachMessageIsOneRoundTrip() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING", "CHUNKING");
            for (int i = 1; i <= 2; i++) {
                c.expect("MAIL");
                c.expect("RCPT TO:<r" + i + "@example.com>");
                String bdat = c.expect("BDAT ");
                c.readBytes(Long.parseLong(bdat.split(" ")[1]));
                c.reply("250 ok", "250 ok", "250 queued as B" + i);
            }
            quit(c);
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThat(s.sendMessages(messages(2)))
                        .extracting(o -> o.result().orElseThrow().queueId().orElseThrow())
                        .containsExactly("B1", "B2");
            }
            server.verify();
        }
    }
}
