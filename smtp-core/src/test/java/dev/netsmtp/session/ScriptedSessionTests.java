/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpFatalException;
import dev.netsmtp.SmtpProtocolException;
import dev.netsmtp.SmtpServerBusyException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.internal.SessionMechanics;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A session's start and end against a scripted peer, what real servers will not do on cue:
 * greetings, EHLO and its fallback, 421, timeouts, malformed replies, QUIT, misuse.
 */
class ScriptedSessionTests {

    static final String MSG = "Subject: t\r\n\r\nhello\r\n";

    static SmtpConfig.Builder config(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5));
    }

    static void acceptMessage(Conversation c) throws IOException {
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
            assertThat(((SessionMechanics) s).inTransaction()).isTrue();
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
