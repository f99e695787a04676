/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.Envelope;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpFatalException;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.testing.TestCertificates;
import dev.netsmtp.tls.TlsMode;
import dev.netsmtp.tls.TlsSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cases of issue 24 that the session shows, each by name; every one of them failed at commit
 * 3d82860. The whole rule is {@code OutcomeTableTests} in the test kit.
 */
class OutcomeRuleTests {

    private static final String MSG = "Subject: t\r\n\r\nbody\r\n";

    private static SSLContext serverContext;
    private static SSLContext clientTrust;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certs = TestCertificates.selfSigned("mail.test", "127.0.0.1");
        serverContext = certs.serverContext();
        clientTrust = TlsSettings.trusting(certs.trustStore());
    }

    private static SmtpConfig.Builder tlsConfig(ScriptedSmtpServer server) {
        return PipelinedBatchTests.config(server).tls(TlsMode.STARTTLS_REQUIRED).sslContext(clientTrust);
    }

    /** Greets, runs STARTTLS and EHLO again with PIPELINING and the given extensions. */
    private static void greetOverTls(Conversation c, String... more) throws Exception {
        c.greetAndEhlo("STARTTLS");
        c.expect("STARTTLS");
        c.reply("220 2.0.0 go ahead");
        c.startTls(serverContext);
        c.expect("EHLO");
        String[] ext = new String[more.length + 2];
        ext[0] = "250-scripted.test";
        for (int i = 0; i < more.length; i++) {
            ext[i + 1] = "250-" + more[i];
        }
        ext[ext.length - 1] = "250 PIPELINING";
        c.reply(ext);
    }

    /** Case 3: a corrupted TLS record after the end of data is uncertain, never a permanent TLS error. */
    @Test
    void aCorruptedTlsRecordAfterTheEndOfDataIsUncertain() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            greetOverTls(c);
            c.envelopeTo354();
            c.readData();
            c.corruptTlsRecord();
        })) {
            try (SmtpSession s = Smtp.start(tlsConfig(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(MSG, "a@example.com", "b@example.com"))
                        .isInstanceOf(SmtpDeliveryUncertainException.class)
                        .cause()
                        .isInstanceOf(SmtpConnectionException.class)
                        .cause()
                        .isInstanceOf(javax.net.ssl.SSLException.class);
            }
        }
    }

    /** Case 3, before the data: the same record breaks the connection, which a retry or another server may get past. */
    @Test
    void aCorruptedTlsRecordBeforeTheDataIsTransient() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            greetOverTls(c);
            c.expect("MAIL FROM:");
            c.corruptTlsRecord();
        })) {
            try (SmtpSession s = Smtp.start(tlsConfig(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(MSG, "a@example.com", "b@example.com"))
                        .isInstanceOfSatisfying(SmtpConnectionException.class, e -> assertThat(e.isTransient())
                                .isTrue());
            }
        }
    }

    /** Case 4: 550 to MAIL, then a close before the other replies: the 550 is the outcome. */
    @Test
    void aRefusalReadBeforeACloseIsTheOutcome() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("MAIL FROM:");
            c.expect("RCPT TO:");
            c.expect("DATA");
            c.reply("550 5.7.1 you are on a block list");
            c.close();
        })) {
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(MSG, "a@example.com", "b@example.com"))
                        .isInstanceOfSatisfying(SmtpFatalException.class, e -> {
                            assertThat(e.replyCode()).isEqualTo(550);
                            assertThat(e.isTransient()).isFalse();
                            assertThat(e.getSuppressed()).isNotEmpty();
                        });
            }
        }
    }

    /** Case 4 over BDAT, whose chunk went with the envelope: still the 550, not uncertain. */
    @Test
    void aRefusalReadBeforeACloseIsTheOutcomeOverBdat() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING", "CHUNKING");
            c.expect("MAIL FROM:");
            c.expect("RCPT TO:");
            c.expect("BDAT");
            c.reply("550 5.7.1 you are on a block list");
            c.close();
        })) {
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(MSG, "a@example.com", "b@example.com"))
                        .isInstanceOfSatisfying(SmtpFatalException.class, e -> assertThat(e.replyCode())
                                .isEqualTo(550));
            }
        }
    }

    /** Case 6: over LMTP the recipients already confirmed stay confirmed when a later reply is lost. */
    @Test
    void lmtpKeepsTheDeliveriesItConfirmedBeforeAReplyWasLost() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.reply("220 scripted.test LMTP");
            c.expect("LHLO");
            c.reply("250-scripted.test", "250 PIPELINING");
            c.expect("MAIL FROM:");
            c.expect("RCPT TO:<a@example.com>");
            c.expect("RCPT TO:<b@example.com>");
            c.expect("RCPT TO:<c@example.com>");
            c.reply("250 ok", "250 ok", "250 ok", "250 ok");
            c.expect("DATA");
            c.reply("354 go ahead");
            c.readData();
            c.reply("250 2.0.0 <a@example.com> delivered", "250 2.0.0 <b@example.com> delivered");
            c.close();
        })) {
            try (SmtpSession s =
                    Smtp.start(PipelinedBatchTests.config(server).lmtp(true).build())) {
                assertThatThrownBy(() -> s.sendMessage(
                                Envelope.of("x@example.com", "a@example.com", "b@example.com", "c@example.com"),
                                MSG.getBytes(StandardCharsets.US_ASCII)))
                        .isInstanceOfSatisfying(SmtpDeliveryUncertainException.class, e -> {
                            assertThat(e.delivered())
                                    .extracting(d -> d.recipient())
                                    .containsExactly("a@example.com", "b@example.com");
                            assertThat(e.uncertain()).containsExactly("c@example.com");
                        });
            }
        }
    }

    /**
     * Case 7: a write fails after the end of data reached the server, which had answered it:
     * the read after the failed write takes that 250, and it is the outcome, not uncertain.
     */
    @Test
    void aPositiveFinalReplyReadAfterAFailedWriteIsTheOutcome() throws Exception {
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            c.readData();
            c.reply("250 2.0.0 queued as Q1");
            answered.countDown();
            c.awaitClose();
        })) {
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server).build())) {
                Exchange ex = ((DefaultSmtpSession) s).exchange();
                MailTransaction tx = new MailTransaction(
                        ex, dev.netsmtp.RecipientPolicy.ALL_OR_NOTHING, Duration.ofSeconds(2), false);
                Envelope envelope = Envelope.of("a@example.com", "b@example.com");
                MailTransaction.Accepted accepted = tx.openEnvelope(
                        tx.prepare(envelope, dev.netsmtp.internal.MessageBody.of(new byte[0]), s.capabilities()));
                dev.netsmtp.internal.DotStuffingOutputStream data = new dev.netsmtp.internal.DotStuffingOutputStream(
                        ex.connection().output());
                data.write(MSG.getBytes(StandardCharsets.US_ASCII));
                tx.endData(data);
                ex.flush("end");
                assertThat(answered.await(5, java.util.concurrent.TimeUnit.SECONDS))
                        .isTrue();
                // The next write (the next envelope, in a batch) fails: the output is gone.
                ex.connection().socket().shutdownOutput();
                ex.send("MAIL FROM:<a@example.com>");
                ex.flush("MAIL FROM:<a@example.com>");
                assertThat(ex.writeHasFailed()).isTrue();
                assertThat(tx.result(accepted, tx.finish(envelope, accepted))
                                .reply()
                                .code())
                        .isEqualTo(250);
            }
        }
    }

    /**
     * Case 7: a batch round's write that fails in a piece before the one holding the end of the
     * open message's data leaves that message undelivered (transient), not uncertain. The open
     * message is 60 KiB, so its data and end go in the round's one flush, in four pieces; the
     * first fails.
     */
    @Test
    void aBatchWriteThatFailsBeforeTheEndOfDataIsTransient() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            c.awaitClose();
        })) {
            List<SendOutcome> out;
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server).build())) {
                Exchange ex = ((DefaultSmtpSession) s).exchange();
                BatchListener cutBeforeTheSecondRound = new BatchListener() {
                    @Override
                    public void starting(int index) {
                        if (index == 1) {
                            try {
                                ex.connection().socket().shutdownOutput();
                            } catch (java.io.IOException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                };
                byte[] large = ("Subject: large\r\n\r\n"
                                + "0123456789abcdef0123456789abcdef0123456789abcdef012345678\r\n".repeat(1000))
                        .getBytes(StandardCharsets.US_ASCII);
                List<dev.netsmtp.OutgoingMessage> batch = List.of(
                        dev.netsmtp.OutgoingMessage.of(Envelope.of("a@example.com", "r1@example.com"), large),
                        PipelinedBatchTests.messages(2).get(1));
                out = s.sendMessages(batch, cutBeforeTheSecondRound);
            }
            assertThat(out).hasSize(1);
            assertThat(out.get(0).isUncertain()).isFalse();
            assertThat(out.get(0).smtpError().orElseThrow().isTransient()).isTrue();
        }
    }

    /** Case 9: a null body fails before anything is written, and the session stays usable. */
    @Test
    void aNullBodyFailsBeforeTheWire() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server).build())) {
                Envelope envelope = Envelope.of("a@example.com", "b@example.com");
                assertThatThrownBy(() -> s.sendMessage(envelope, (MessageWriter) null))
                        .isInstanceOf(NullPointerException.class)
                        .hasMessageContaining("writer");
                assertThatThrownBy(() -> s.sendMessage(envelope, (InputStream) null))
                        .isInstanceOf(NullPointerException.class)
                        .hasMessageContaining("message");
                assertThat(s.isUsable()).isTrue();
            }
            server.verify();
        }
    }

    /**
     * Case 8: a message of a batch refused by a check made before the wire (here SIZE) is heard
     * as started and failed, so listeners that pair the two by envelope never pair its failure
     * with another message's start, even with one Envelope reused for every message.
     */
    @Test
    void aBatchMessageRefusedBeforeTheWireIsStartedAndFailed() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING", "SIZE 100");
            c.envelopeTo354();
            c.readData();
            c.reply("250 queued");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<String> events = new java.util.ArrayList<>();
            dev.netsmtp.event.SmtpListener listener = new dev.netsmtp.event.SmtpListener() {
                @Override
                public void transactionStarted(Envelope envelope) {
                    events.add("started");
                }

                @Override
                public void messageSent(Envelope envelope, dev.netsmtp.SendResult result) {
                    events.add("sent");
                }

                @Override
                public void messageFailed(Envelope envelope, SmtpException error) {
                    events.add("failed");
                }
            };
            Envelope shared = Envelope.of("a@example.com", "b@example.com");
            List<SendOutcome> out;
            try (SmtpSession s = Smtp.start(
                    PipelinedBatchTests.config(server).listener(listener).build())) {
                out = s.sendMessages(List.of(
                        dev.netsmtp.OutgoingMessage.of(shared, MSG.getBytes(StandardCharsets.US_ASCII)),
                        dev.netsmtp.OutgoingMessage.of(shared, "x".repeat(200).getBytes(StandardCharsets.US_ASCII))));
            }
            assertThat(out).extracting(SendOutcome::isSent).containsExactly(true, false);
            assertThat(events).containsExactly("started", "started", "failed", "sent");
        }
    }

    /** The uncertain wording is one, whatever the shape. */
    @Test
    void oneWordingForAnUncertainOutcome() {
        SmtpException e = Outcomes.judge(
                new Exchange(dev.netsmtp.event.SmtpListener.NONE, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new SmtpConnectionException("lost", ".", null),
                null,
                Envelope.of("a@example.com", "b@example.com"));
        assertThat(e).isInstanceOf(SmtpConnectionException.class); // no end of data was written
        assertThat(Outcomes.UNCERTAIN).contains("not resent automatically");
    }
}
