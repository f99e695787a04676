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
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpUnsupportedCommandException;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.testing.Await;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A message is delivered whole or not at all: the message stream needs an explicit commit, the
 * session has a DATA state in which it sends no command, and a failing source drops the
 * connection. Each test checks on the server that the data never ended.
 */
class BodySafetyTests {

    private static final byte[] PART =
            "Subject: invoice\r\n\r\nDear customer, you owe\r\n".getBytes(StandardCharsets.US_ASCII);

    private static SmtpConfig config(ScriptedSmtpServer server) {
        return server.config().build();
    }

    /** Greets, answers the pipelined envelope with 354, then records whether the data ever ended. */
    private static ScriptedSmtpServer.Script dataThatMustNotEnd(AtomicBoolean ended) {
        return c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            try {
                c.readData();
                ended.set(true);
                c.reply("250 2.0.0 queued");
            } catch (IOException expected) {
                // The client dropped the connection inside the data: nothing is delivered.
            }
        };
    }

    private static String afterData(Conversation c) {
        String all = new String(c.received(), StandardCharsets.UTF_8);
        return all.substring(all.indexOf("DATA\r\n") + 6);
    }

    @Test
    void tryWithResourcesOnAStreamThatThrowsDeliversNothing() throws Exception {
        AtomicBoolean ended = new AtomicBoolean();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(dataThatMustNotEnd(ended))) {
            try (SmtpSession s = Smtp.start(config(server))) {
                assertThatThrownBy(() -> {
                            try (MessageOutputStream out = s.openMessageStream("a@b.example", "x@y.example")) {
                                out.write(PART);
                                throw new IllegalStateException("rendering the amount failed");
                            }
                        })
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("rendering the amount failed");
                assertThat(s.isUsable()).isFalse();
            }
            server.verify();
            assertThat(ended).isFalse();
            assertThat(afterData(server.conversations().get(0))).doesNotContain("QUIT", "RSET");
        }
    }

    @Test
    void theCommittedStreamIdiomDelivers() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Conversation::deliversOneMessage)) {
            try (SmtpSession session = Smtp.start(config(server))) {
                // The README's example, as written there.
                try (MessageOutputStream out = session.openMessageStream("app@example.com", "user@example.com")) {
                    out.write("Subject: hello\r\n\r\nHi!\r\n".getBytes(StandardCharsets.UTF_8));
                    SendResult result = out.commit();
                    assertThat(result.reply().code()).isEqualTo(250);
                }
            }
            server.verify();
        }
    }

    @Test
    void noCommandGoesIntoTheDataAndClosingTheSessionDropsTheConnection() throws Exception {
        AtomicBoolean ended = new AtomicBoolean();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(dataThatMustNotEnd(ended))) {
            SmtpSession s = Smtp.start(config(server));
            MessageOutputStream out = s.openMessageStream("a@b.example", "x@y.example");
            out.write(PART);
            assertThatThrownBy(s::noop)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("data is open");
            assertThatThrownBy(s::rset).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> s.sendMessage("x", "a@b.example", "x@y.example"))
                    .isInstanceOf(IllegalStateException.class);
            s.close();
            assertThat(s.isUsable()).isFalse();
            assertThatThrownBy(out::commit).isInstanceOf(RuntimeException.class);
            server.verify();
            assertThat(ended).isFalse();
            assertThat(afterData(server.conversations().get(0))).doesNotContain("QUIT", "RSET", "NOOP", "MAIL");
        }
    }

    @Test
    void givingAPooledSessionBackWithTheDataOpenDropsTheConnection() throws Exception {
        AtomicBoolean ended = new AtomicBoolean();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(dataThatMustNotEnd(ended))) {
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(config(server), PoolConfig.defaults())) {
                SmtpSession s = pool.getSession();
                MessageOutputStream out = s.openMessageStream("a@b.example", "x@y.example");
                out.write(PART);
                s.close();
                server.verify();
                Await.until(() -> pool.stats().active() == 0);
                assertThat(pool.stats().idle()).isZero();
            }
            assertThat(ended).isFalse();
            assertThat(afterData(server.conversations().get(0))).doesNotContain("QUIT", "RSET");
        }
    }

    @Test
    void anUncheckedExceptionFromTheSourceDropsTheConnectionAndReachesTheCaller() throws Exception {
        AtomicBoolean ended = new AtomicBoolean();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(dataThatMustNotEnd(ended))) {
            InputStream failing = new InputStream() {
                private int n;

                @Override
                public int read() {
                    if (n++ < 100) {
                        return 'a';
                    }
                    throw new IllegalArgumentException("the source broke");
                }
            };
            try (SmtpSession s = Smtp.start(config(server))) {
                assertThatThrownBy(() -> s.sendMessage(failing, "a@b.example", "x@y.example"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("the source broke");
                assertThat(s.isUsable()).isFalse();
                assertThatThrownBy(s::rset).isInstanceOf(IllegalStateException.class);
            }
            server.verify();
            assertThat(ended).isFalse();
            assertThat(afterData(server.conversations().get(0))).doesNotContain("RSET", "QUIT");
        }
    }

    @Test
    void theStepApiSendsDsnAndDecidesSmtpUtf8OverTheWholeEnvelope() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("DSN", "SMTPUTF8", "8BITMIME");
            assertThat(c.expect("MAIL FROM:<a@b.example>")).contains(" SMTPUTF8", " RET=HDRS");
            c.reply("250 ok");
            assertThat(c.expect("RCPT TO:<jörg@y.example>")).contains(" NOTIFY=SUCCESS,FAILURE");
            c.reply("250 ok");
            c.expect("RSET");
            c.reply("250 ok");
            assertThat(c.expect("MAIL FROM:<a@b.example>")).doesNotContain("SMTPUTF8");
            c.reply("250 ok");
            c.expect("RSET");
            c.reply("250 ok");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            Envelope.Recipient jorg = new Envelope.Recipient(
                    "jörg@y.example", Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE), Optional.empty());
            Envelope envelope = Envelope.builder()
                    .from("a@b.example")
                    .recipient(jorg)
                    .dsnReturn(DsnReturn.HDRS)
                    .build();
            try (SmtpSession s = Smtp.start(config(server))) {
                s.mailFrom(envelope);
                s.rcptTo(jorg);
                s.rset();
                s.mailFrom("a@b.example");
                assertThatThrownBy(() -> s.rcptTo("jörg@y.example"))
                        .isInstanceOf(SmtpUnsupportedCommandException.class)
                        .hasMessageContaining("mailFrom(Envelope)");
                s.rset();
            }
            server.verify();
        }
    }
}
