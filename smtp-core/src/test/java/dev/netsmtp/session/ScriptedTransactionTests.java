/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.DsnNotify;
import dev.netsmtp.DsnReturn;
import dev.netsmtp.Envelope;
import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpFatalException;
import dev.netsmtp.SmtpMessageTooLargeException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.SmtpServerBusyException;
import dev.netsmtp.SmtpUnsupportedCommandException;
import dev.netsmtp.internal.SessionMechanics;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One transaction against a scripted peer: the envelope pipelined or not, refusals under each
 * recipient policy, the replies to DATA and to the end of data, a failing source, the ESMTP
 * parameters, the encoding of the data.
 */
class ScriptedTransactionTests {

    private static final String MSG = ScriptedSessionTests.MSG;

    private static SmtpConfig.Builder config(ScriptedSmtpServer server) {
        return ScriptedSessionTests.config(server);
    }

    private static void acceptMessage(Conversation c) throws IOException {
        ScriptedSessionTests.acceptMessage(c);
    }

    @Test
    void pipeliningSendsMailRcptAndDataInOneWrite() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("MAIL FROM:<a@b.c>");
            c.expect("RCPT TO:<x@y.z>");
            c.expect("DATA");
            assertThat(c.sameRead(1, 3)).as("MAIL, RCPT and DATA in one read").isTrue();
            c.reply("250 ok", "250 ok", "354 go");
            c.readData();
            c.reply("250 ok");
        })) {
            SmtpSession s = Smtp.start(config(server).build());
            SendResult result = s.sendMessage(MSG, "a@b.c", "x@y.z");
            assertThat(result.acceptedRecipients()).containsExactly("x@y.z");
            server.verify();
            s.close();
        }
    }

    @Test
    void partialPolicyPipelinesDataWithManyRecipients() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("MAIL FROM:<a@b.c>");
            c.expect("RCPT TO:<x@y.z>");
            c.expect("RCPT TO:<gone@y.z>");
            c.expect("RCPT TO:<w@y.z>");
            c.expect("DATA");
            assertThat(c.sameRead(1, 5)).isTrue();
            c.reply("250 ok", "250 ok", "550 5.1.1 no such user", "250 ok", "354 go");
            c.readData();
            c.reply("250 ok");
        })) {
            SmtpSession s = Smtp.start(
                    config(server).recipientPolicy(RecipientPolicy.PARTIAL).build());
            SendResult result = s.sendMessage(MSG, "a@b.c", "x@y.z", "gone@y.z", "w@y.z");
            assertThat(result.acceptedRecipients()).containsExactly("x@y.z", "w@y.z");
            assertThat(result.rejected()).singleElement().satisfies(r -> {
                assertThat(r.recipient()).isEqualTo("gone@y.z");
                assertThat(r.reply().code()).isEqualTo(550);
            });
            server.verify();
            s.close();
        }
    }

    @Test
    void withoutPipeliningEachCommandWaitsForItsReply() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("8BITMIME");
            c.expect("MAIL FROM:<a@b.c>");
            assertThat(c.quietFor(Duration.ofMillis(300)))
                    .as("client waits for the MAIL reply")
                    .isTrue();
            c.reply("250 ok");
            c.expect("RCPT TO:<x@y.z>");
            assertThat(c.quietFor(Duration.ofMillis(300)))
                    .as("client waits for the RCPT reply")
                    .isTrue();
            c.reply("250 ok");
            c.expect("DATA");
            assertThat(c.quietFor(Duration.ofMillis(300)))
                    .as("client waits for 354")
                    .isTrue();
            c.reply("354 go");
            c.readData();
            c.reply("250 ok");
        })) {
            SmtpSession s = Smtp.start(config(server).build());
            s.sendMessage(MSG, "a@b.c", "x@y.z");
            server.verify();
            s.close();
        }
    }

    @Test
    void allOrNothingRefusalSendsNoDataResetsAndListsEveryRefusal() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("MAIL FROM:<a@b.c>");
            c.expect("RCPT TO:<x@y.z>");
            c.expect("RCPT TO:<bad1@y.z>");
            c.expect("RCPT TO:<bad2@y.z>");
            c.reply("250 ok", "250 ok", "550-5.1.1 no such user", "550 5.1.1 really", "452 4.2.2 mailbox full");
            c.expect("RSET");
            c.reply("250 reset");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(MSG, "a@b.c", "x@y.z", "bad1@y.z", "bad2@y.z"))
                        .isInstanceOfSatisfying(SmtpRecipientsRefusedException.class, e -> {
                            assertThat(e.refused())
                                    .extracting(r -> r.recipient())
                                    .containsExactly("bad1@y.z", "bad2@y.z");
                            assertThat(e.refused().get(0).reply().lines())
                                    .containsExactly("5.1.1 no such user", "5.1.1 really");
                            assertThat(e.accepted())
                                    .extracting(r -> r.recipient())
                                    .containsExactly("x@y.z");
                            assertThat(e.isTransient()).isFalse();
                            assertThat(e.getMessage()).contains("bad1@y.z", "bad2@y.z", "5.1.1 really", "452 4.2.2");
                        });
                assertThat(s.isUsable()).isTrue();
                assertThat(((SessionMechanics) s).inTransaction()).isFalse();
            }
            server.verify();
            assertThat(server.conversations().get(0).lines()).doesNotContain("DATA");
        }
    }

    @Test
    void partialPolicyWithEveryRecipientRefusedThrowsTheSameError() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("MAIL");
            c.reply("250 ok");
            c.expect("RCPT TO:<bad@y.z>");
            c.reply("450 4.2.1 try later");
            c.expect("RSET");
            c.reply("250 ok");
        })) {
            SmtpSession s = Smtp.start(
                    config(server).recipientPolicy(RecipientPolicy.PARTIAL).build());
            assertThatThrownBy(() -> s.sendMessage(MSG, "a@b.c", "bad@y.z"))
                    .isInstanceOfSatisfying(SmtpRecipientsRefusedException.class, e -> assertThat(e.isTransient())
                            .isTrue());
            server.verify();
            s.close();
        }
    }

    @Test
    void emptyRecipientListIsRefusedBeforeAnythingIsWritten() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(MSG, "a@b.c", List.of()))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("at least one recipient");
                assertThatThrownBy(() -> s.sendMessage(MSG, "a@b.c", "x@y.z>\r\nRCPT TO:<evil@y.z"))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            server.verify();
            assertThat(server.conversations().get(0).lines()).containsExactly("EHLO localhost", "QUIT");
        }
    }

    @Test
    void nonPositiveReplyToDataIsTypedByClass() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("MAIL");
            c.reply("250 ok");
            c.expect("RCPT");
            c.reply("250 ok");
            c.expect("DATA");
            c.reply("451 4.3.0 local error");
            c.expect("RSET");
            c.reply("250 ok");
            c.expect("MAIL");
            c.reply("250 ok");
            c.expect("RCPT");
            c.reply("250 ok");
            c.expect("DATA");
            c.reply("554 5.5.1 no valid recipients");
            c.expect("RSET");
            c.reply("250 ok");
        })) {
            SmtpSession s = Smtp.start(config(server).build());
            assertThatThrownBy(() -> s.sendMessage(MSG, "a@b.c", "x@y.z"))
                    .isInstanceOf(SmtpServerBusyException.class)
                    .hasMessageContaining("DATA");
            assertThatThrownBy(() -> s.sendMessage(MSG, "a@b.c", "x@y.z")).isInstanceOf(SmtpFatalException.class);
            server.verify();
            s.close();
        }
    }

    @Test
    void lostReplyAfterEndOfDataIsUncertainNotRetryable() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Conversation::losesTheFinalReply)) {
            SmtpSession s = Smtp.start(config(server).build());
            assertThatThrownBy(() -> s.sendMessage(MSG, "a@b.c", "x@y.z"))
                    .isInstanceOfSatisfying(SmtpDeliveryUncertainException.class, e -> {
                        assertThat(e.isTransient()).isFalse();
                        assertThat(e.envelope())
                                .map(Envelope::recipientAddresses)
                                .contains(List.of("x@y.z"));
                    });
            assertThat(s.isUsable()).isFalse();
            server.verify();
        }
    }

    @Test
    void failingMessageSourceDropsTheConnectionSoNothingIsDelivered() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("MAIL");
            c.expect("RCPT");
            c.expect("DATA");
            c.reply("250 ok", "250 ok", "354 go");
            assertThatThrownBy(c::readData).hasMessageContaining("closed");
        })) {
            SmtpSession s = Smtp.start(config(server).build());
            InputStream broken = new InputStream() {
                int n;

                @Override
                public int read() throws IOException {
                    if (n++ < 100) {
                        return 'a';
                    }
                    throw new IOException("disk gone");
                }
            };
            assertThatThrownBy(() -> s.sendMessage(broken, "a@b.c", "x@y.z"))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("disk gone");
            assertThat(s.isUsable()).isFalse();
            server.verify();
            assertThat(new String(server.conversations().get(0).received(), StandardCharsets.US_ASCII))
                    .doesNotContain("\r\n.\r\n");
        }
    }

    @Test
    void esmtpParametersFollowWhatTheServerAdvertises() throws Exception {
        byte[] eightBit = "Subject: caf\u00e9\r\n\r\nna\u00efve\r\n".getBytes(StandardCharsets.UTF_8);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("SIZE 1000", "8BITMIME", "SMTPUTF8", "DSN");
            assertThat(c.expect("MAIL FROM:<a@b.c>"))
                    .isEqualTo("MAIL FROM:<a@b.c> SIZE=" + eightBit.length + " BODY=8BITMIME RET=HDRS ENVID=id+2B1");
            c.reply("250 ok");
            assertThat(c.expect("RCPT")).isEqualTo("RCPT TO:<x@y.z> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x@y.z");
            c.reply("250 ok");
            acceptMessage(c);
            assertThat(c.expect("MAIL FROM:<a@b.c>")).isEqualTo("MAIL FROM:<a@b.c> SIZE=4 SMTPUTF8");
            c.reply("250 ok");
            assertThat(c.expect("RCPT")).isEqualTo("RCPT TO:<j\u00f6rg@b\u00fccher.de>");
            c.reply("250 ok");
            acceptMessage(c);
        })) {
            SmtpSession s = Smtp.start(config(server).build());
            Envelope dsn = Envelope.builder()
                    .from("a@b.c")
                    .recipient(new Envelope.Recipient(
                            "x@y.z", Set.of(DsnNotify.FAILURE, DsnNotify.SUCCESS), Optional.of("x@y.z")))
                    .dsnReturn(DsnReturn.HDRS)
                    .envelopeId("id+1")
                    .build();
            s.sendMessage(dsn, eightBit);
            s.sendMessage("hi\r\n", "a@b.c", "j\u00f6rg@b\u00fccher.de");
            server.verify();
            s.close();
        }
    }

    @Test
    void limitsAndMissingExtensionsAreRefusedBeforeAnythingIsWritten() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("SIZE 10");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThatThrownBy(() -> s.sendMessage("x".repeat(50), "a@b.c", "x@y.z"))
                        .isInstanceOf(SmtpMessageTooLargeException.class)
                        .hasMessageContaining("52 octets exceeds the server's SIZE limit of 10");
                assertThatThrownBy(() -> s.sendMessage("hi", "a@b.c", "\u00fc@y.z"))
                        .isInstanceOf(SmtpUnsupportedCommandException.class)
                        .hasMessageContaining("SMTPUTF8");
            }
            server.verify();
            assertThat(server.conversations().get(0).lines()).containsExactly("EHLO localhost", "QUIT");
        }
    }

    @Test
    void messageDataIsNormalisedAndStuffedOnTheWire() throws Exception {
        byte[][] data = new byte[1][];
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("MAIL");
            c.expect("RCPT");
            c.expect("DATA");
            c.reply("250 ok", "250 ok", "354 go");
            data[0] = c.readData();
            c.reply("250 ok");
        })) {
            SmtpSession s = Smtp.start(config(server).build());
            s.sendMessage(
                    new ByteArrayInputStream("a\n.b\rc\r\n.".getBytes(StandardCharsets.US_ASCII)), "a@b.c", "x@y.z");
            server.verify();
            assertThat(new String(data[0], StandardCharsets.US_ASCII)).isEqualTo("a\r\n..b\r\nc\r\n..\r\n.\r\n");
            s.close();
        }
    }
}
