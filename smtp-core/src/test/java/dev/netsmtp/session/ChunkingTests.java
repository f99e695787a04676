/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.tls.TlsMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * CHUNKING (RFC 3030): {@code BDAT n LAST} with the message in the same write as MAIL and RCPT;
 * no dot-stuffing, the line-ending rules of DATA; the DATA rule for several recipients; refusals
 * and a lost reply; the per-host switch back to DATA.
 */
class ChunkingTests {

    private static final String RAW = "Subject: chunk\r\n\r\n.leading dot\nbare LF\r\nlast line without break";
    private static final byte[] ON_THE_WIRE = ("Subject: chunk\r\n\r\n.leading dot\r\nbare LF\r\n"
                    + "last line without break\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private static SmtpConfig.Builder config(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .tls(TlsMode.NONE)
                .readTimeout(Duration.ofSeconds(5));
    }

    /** Greets, then reads MAIL, one RCPT, BDAT and the chunk: the group of a one-recipient send. */
    private static void takesTheGroup(Conversation c) throws java.io.IOException {
        c.greetAndEhlo("PIPELINING", "CHUNKING");
        c.expect("MAIL");
        c.expect("RCPT");
        c.expect("BDAT");
        c.readBytes(ON_THE_WIRE.length);
    }

    @Test
    void oneRecipientIsOneWriteAndOneRoundTrip() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING", "CHUNKING", "SIZE 100000");
            assertThat(c.expect("MAIL FROM:<a@example.com>")).contains("SIZE=" + ON_THE_WIRE.length);
            int mail = c.lines().size() - 1;
            c.expect("RCPT TO:<b@example.com>");
            assertThat(c.expect("BDAT ")).isEqualTo("BDAT " + ON_THE_WIRE.length + " LAST");
            assertThat(c.readBytes(ON_THE_WIRE.length)).isEqualTo(ON_THE_WIRE);
            assertThat(c.inCurrentRead(mail))
                    .as("MAIL, RCPT, BDAT and the message in one write")
                    .isTrue();
            c.reply("250 2.1.0 ok", "250 2.1.5 ok", "250 2.0.0 queued as B1");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            SendResult r;
            try (SmtpSession s = Smtp.start(config(server).build())) {
                r = s.sendMessage(RAW, "a@example.com", "b@example.com");
            }
            assertThat(r.queueId()).contains("B1");
            server.verify();
        }
    }

    @Test
    void severalRecipientsAllOrNothingWaitForTheirRepliesBeforeTheChunk() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING", "CHUNKING");
            c.expect("MAIL");
            c.expect("RCPT TO:<b@example.com>");
            c.expect("RCPT TO:<c@example.com>");
            // BDAT ... LAST would commit to every accepted recipient: nothing more until the replies.
            assertThat(c.quietFor(Duration.ofMillis(300))).isTrue();
            c.reply("250 ok", "250 ok", "250 ok");
            c.expect("BDAT " + ON_THE_WIRE.length + " LAST");
            c.readBytes(ON_THE_WIRE.length);
            c.reply("250 2.0.0 queued");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                s.sendMessage(RAW, "a@example.com", "b@example.com", "c@example.com");
            }
            server.verify();
        }
    }

    @Test
    void aRefusedRecipientsPipelinedChunkIsAnsweredReadAndTheSessionGoesOn() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            takesTheGroup(c);
            c.reply("250 ok", "550 5.1.1 no such user", "554 5.5.1 no valid recipients");
            c.expect("RSET");
            c.reply("250 ok");
            c.expect("NOOP");
            c.reply("250 ok");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(RAW, "a@example.com", "nobody@example.com"))
                        .isInstanceOfSatisfying(SmtpRecipientsRefusedException.class, e -> assertThat(
                                        e.refused().get(0).reply().code())
                                .isEqualTo(550));
                assertThat(s.noop().code()).isEqualTo(250);
            }
            server.verify();
        }
    }

    @Test
    void partialPolicyChunksWithSeveralRecipientsAndReportsTheRefusedOne() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING", "CHUNKING");
            c.expect("MAIL");
            c.expect("RCPT TO:<b@example.com>");
            c.expect("RCPT TO:<x@example.com>");
            c.expect("BDAT");
            c.readBytes(ON_THE_WIRE.length);
            c.reply("250 ok", "250 ok", "550 5.1.1 no", "250 2.0.0 queued");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            SendResult r;
            try (SmtpSession s = Smtp.start(
                    config(server).recipientPolicy(RecipientPolicy.PARTIAL).build())) {
                r = s.sendMessage(RAW, "a@example.com", "b@example.com", "x@example.com");
            }
            assertThat(r.acceptedRecipients()).containsExactly("b@example.com");
            assertThat(r.rejectedRecipients()).containsExactly("x@example.com");
            server.verify();
        }
    }

    @Test
    void anEnvelopeBeyondOneGroupWaitsForItsRepliesBeforeTheChunkEvenUnderPartial() throws Exception {
        int n = EnvelopeCommands.MAX_GROUP - 1;
        String[] to = new String[n];
        for (int i = 0; i < n; i++) {
            to[i] = "r" + i + "@example.com";
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING", "CHUNKING");
            c.expect("MAIL");
            for (int i = 0; i < n; i++) {
                c.expect("RCPT TO:<r" + i + "@example.com>");
            }
            // Their replies could fill the buffers while a chunk is written: the chunk waits.
            assertThat(c.quietFor(Duration.ofMillis(300))).isTrue();
            String[] replies = new String[n + 1];
            java.util.Arrays.fill(replies, "250 ok");
            c.reply(replies);
            c.expect("BDAT " + ON_THE_WIRE.length + " LAST");
            c.readBytes(ON_THE_WIRE.length);
            c.reply("250 2.0.0 queued");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(
                    config(server).recipientPolicy(RecipientPolicy.PARTIAL).build())) {
                assertThat(s.sendMessage(RAW, "a@example.com", to).acceptedRecipients())
                        .hasSize(n);
            }
            server.verify();
        }
    }

    @Test
    void aRefusedMailsPipelinedChunkIsReadAndTheSessionGoesOn() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            takesTheGroup(c);
            c.reply("550 5.7.1 not from you", "503 5.5.1 no MAIL", "503 5.5.1 no MAIL");
            c.expect("NOOP");
            c.reply("250 ok");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(RAW, "a@example.com", "b@example.com"))
                        .isInstanceOf(dev.netsmtp.SmtpFatalException.class)
                        .hasMessageContaining("550 5.7.1");
                assertThat(s.noop().code()).isEqualTo(250);
            }
            server.verify();
        }
    }

    @Test
    void aLostEnvelopeReplyIsUncertainTooWhenTheChunkWentWithIt() throws Exception {
        // The server takes the whole group, LAST included, and drops before answering MAIL.
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            takesTheGroup(c);
            c.close();
        })) {
            dev.netsmtp.template.SmtpTemplate template = dev.netsmtp.template.SmtpTemplate.builder(
                            new SimpleSmtpSessionFactory(config(server).build()))
                    .sleeper(d -> {})
                    .build();
            assertThatThrownBy(() -> template.send("a@example.com", java.util.List.of("b@example.com"), RAW))
                    .isInstanceOf(SmtpDeliveryUncertainException.class);
            // Not retried: a second connection would be a second delivery.
            assertThat(server.conversations()).hasSize(1);
        }
    }

    @Test
    void aLostReplyAfterTheLastChunkIsUncertain() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            takesTheGroup(c);
            c.reply("250 ok", "250 ok");
            c.close();
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(RAW, "a@example.com", "b@example.com"))
                        .isInstanceOf(SmtpDeliveryUncertainException.class);
            }
        }
    }

    private static void oneDataTransaction(Conversation c) throws java.io.IOException {
        c.greetAndEhlo("PIPELINING", "CHUNKING");
        c.expect("MAIL");
        c.expect("RCPT");
        c.expect("DATA");
        c.reply("250 ok", "250 ok", "354 go");
        c.readData();
        c.reply("250 ok");
        c.expect("QUIT");
        c.reply("221 bye");
    }

    @Test
    void aHostSwitchedBackUsesDataForEveryKindOfMessage() throws Exception {
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.startEach(ChunkingTests::oneDataTransaction, ChunkingTests::oneDataTransaction)) {
            try (SmtpSession s = Smtp.start(config(server).chunking(false).build())) {
                s.sendMessage(RAW, "a@example.com", "b@example.com");
            }
            try (SmtpSession s = Smtp.start(config(server).chunking(false).build())) {
                s.sendMessage(
                        new java.io.ByteArrayInputStream(RAW.getBytes(StandardCharsets.US_ASCII)),
                        "a@example.com",
                        "b@example.com");
            }
            server.verify();
        }
    }
}
