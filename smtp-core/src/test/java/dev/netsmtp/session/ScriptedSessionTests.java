package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.DsnNotify;
import dev.netsmtp.DsnReturn;
import dev.netsmtp.Envelope;
import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpFatalException;
import dev.netsmtp.SmtpMessageTooLargeException;
import dev.netsmtp.SmtpProtocolException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.SmtpServerBusyException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.SmtpUnsupportedCommandException;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.testing.ScriptedSmtpServer.Conversation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Session behaviour against a scripted peer: what real servers will not do on cue. */
class ScriptedSessionTests {

    private static final String MSG = "Subject: t\r\n\r\nhello\r\n";

    private static SmtpConfig.Builder config(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5));
    }

    private static void acceptMessage(Conversation c) throws IOException {
        c.expect("DATA");
        c.reply("354 go");
        c.readData();
        c.reply("250 2.0.0 Ok: queued as ABC123");
    }

    @Test
    void multiLineGreetingIsAccepted() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.reply("220-scripted.test first", "220-second", "220 third");
            c.expect("EHLO localhost");
            c.reply("250 scripted.test");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThat(s.greeting().lines()).containsExactly("scripted.test first", "second", "third");
                assertThat(s.isEsmtp()).isTrue();
            }
            server.verify();
        }
    }

    @Test
    void greeting421RaisesServerBusyAnd554RaisesFatal() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(c -> c.reply("421 4.3.2 too busy"), c -> {
            c.reply("554 5.7.1 go away");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() -> Smtp.start(config(server).build()))
                    .isInstanceOf(SmtpServerBusyException.class)
                    .hasMessageContaining("421 4.3.2 too busy")
                    .matches(e -> ((SmtpException) e).isTransient());
            assertThatThrownBy(() -> Smtp.start(config(server).build()))
                    .isInstanceOf(SmtpFatalException.class)
                    .hasMessageContaining("554 5.7.1 go away");
            server.verify();
        }
    }

    @Test
    void ehloRefusedFallsBackToHelo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.reply("220 old.test");
            c.expect("EHLO client.test");
            c.reply("502 5.5.1 command not implemented");
            c.expect("HELO client.test");
            c.reply("250 old.test");
            c.expect("MAIL FROM:<a@b.c>");
            c.reply("250 ok");
            c.expect("RCPT TO:<x@y.z>");
            c.reply("250 ok");
            acceptMessage(c);
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<String> transcript = new ArrayList<>();
            try (SmtpSession s = Smtp.start(config(server)
                    .helo("client.test")
                    .transcript(transcript::add)
                    .build())) {
                assertThat(s.isEsmtp()).isFalse();
                assertThat(s.capabilities().keywords()).isEmpty();
                s.sendMessage(MSG, "a@b.c", "x@y.z");
            }
            server.verify();
            assertThat(transcript).contains("-- EHLO refused with 502; falling back to HELO");
        }
    }

    @Test
    void droppedConnectionAfterEhloIsNotAFallback() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.reply("220 x");
            c.expect("EHLO");
            c.close();
        })) {
            assertThatThrownBy(() -> Smtp.start(config(server).build()))
                    .isInstanceOf(SmtpConnectionException.class)
                    .hasMessageContaining("EHLO localhost");
            server.verify();
            assertThat(server.conversations().get(0).lines()).containsExactly("EHLO localhost");
        }
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
                assertThat(((dev.netsmtp.internal.SessionMechanics) s).inTransaction())
                        .isFalse();
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
    void reply421ClosesTheSessionAndMarksItUnusable() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("NOOP");
            c.reply("421 4.4.2 idle too long, closing");
            c.awaitClose();
        })) {
            SmtpSession s = Smtp.start(config(server).build());
            assertThatThrownBy(s::noop).isInstanceOf(SmtpServerBusyException.class);
            assertThat(s.isUsable()).isFalse();
            assertThatThrownBy(s::noop)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("421");
            s.close();
            server.verify();
            assertThat(server.conversations().get(0).lines()).doesNotContain("QUIT");
        }
    }

    @Test
    void quitWithoutReplyAfterASendDoesNotFailTheSend() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("MAIL");
            c.expect("RCPT");
            c.expect("DATA");
            c.reply("250 ok", "250 ok", "354 go");
            c.readData();
            c.reply("250 ok");
            c.expect("QUIT");
            c.close();
        })) {
            List<String> transcript = new ArrayList<>();
            SendResult[] result = new SendResult[1];
            Smtp.start(config(server).transcript(transcript::add).build(), s -> {
                result[0] = s.sendMessage(MSG, "a@b.c", "x@y.z");
            });
            assertThat(result[0].reply().code()).isEqualTo(250);
            assertThat(transcript).anyMatch(l -> l.startsWith("-- QUIT failed"));
            server.verify();
        }
    }

    @Test
    void serverThatNeverGreetsTimesOutAndClosesTheSocket() throws Exception {
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.start(c -> assertThat(c.awaitClose()).isTrue())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Smtp.start(
                            config(server).readTimeout(Duration.ofMillis(300)).build()))
                    .isInstanceOf(SmtpTimeoutException.class)
                    .hasMessageContaining("PT0.3S")
                    .matches(e -> ((SmtpException) e).isTransient());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            server.verify();
        }
    }

    @Test
    void serverThatStopsMidReplyTimesOut() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("NOOP");
            c.raw("250-still\r\n250-going");
            assertThat(c.awaitClose()).isTrue();
        })) {
            SmtpSession s = Smtp.start(
                    config(server).readTimeout(Duration.ofMillis(300)).build());
            assertThatThrownBy(s::noop).isInstanceOf(SmtpTimeoutException.class).hasMessageContaining("NOOP");
            assertThat(s.isUsable()).isFalse();
            server.verify();
        }
    }

    @Test
    void malformedReplyIsAProtocolError() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("NOOP");
            c.reply("250-ok", "251 changed");
            c.awaitClose();
        })) {
            SmtpSession s = Smtp.start(config(server).build());
            assertThatThrownBy(s::noop)
                    .isInstanceOf(SmtpProtocolException.class)
                    .hasMessageContaining("changed from 250");
            assertThat(s.isUsable()).isFalse();
            server.verify();
        }
    }

    @Test
    void lostReplyAfterEndOfDataIsUncertainNotRetryable() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("MAIL");
            c.expect("RCPT");
            c.expect("DATA");
            c.reply("250 ok", "250 ok", "354 go");
            c.readData();
            c.close();
        })) {
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

    @Test
    void sessionStateErrorsAreClear() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("MAIL FROM:<>");
            c.reply("250 ok");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            SmtpSession s = Smtp.newSession(config(server).build());
            assertThatThrownBy(s::noop)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not started");
            s.start();
            assertThatThrownBy(s::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already");
            s.mailFrom(Envelope.NULL_REVERSE_PATH);
            assertThat(((dev.netsmtp.internal.SessionMechanics) s).inTransaction())
                    .isTrue();
            assertThatThrownBy(() -> s.sendMessage(MSG, "a@b.c", "x@y.z"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rset()");
            assertThat(s.quit().code()).isEqualTo(221);
            assertThatThrownBy(s::noop)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            s.close();
            server.verify();
        }
    }

    @Test
    void connectionRefusedIsAConnectionError() {
        SmtpConfig cfg = SmtpConfig.builder().host("127.0.0.1").port(1).build();
        assertThatThrownBy(() -> Smtp.start(cfg))
                .isInstanceOf(SmtpConnectionException.class)
                .hasMessageContaining("127.0.0.1:1");
    }

    @Test
    void configurationRefusesInfiniteTimeoutsAndBadValues() {
        assertThatThrownBy(() -> SmtpConfig.builder().readTimeout(Duration.ZERO))
                .hasMessageContaining("readTimeout must be positive");
        assertThatThrownBy(() -> SmtpConfig.builder().port(70000)).hasMessageContaining("port must be 1 to 65535");
        assertThatThrownBy(() -> SmtpConfig.builder().build()).hasMessageContaining("host is required");
        SmtpConfig c = SmtpConfig.builder().host("h").build();
        assertThat(c.port()).isEqualTo(25);
        assertThat(c.helo()).isEqualTo("localhost");
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(60));
    }
}
