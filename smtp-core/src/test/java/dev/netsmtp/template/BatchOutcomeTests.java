/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.BatchListener;
import dev.netsmtp.session.ForwardingSmtpSession;
import dev.netsmtp.session.HostList;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.tls.TlsMode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cases of issue 24 that the template shows, each by name; every one failed at 3d82860:
 * deadlines are the caller's, per message, on every batch shape; host health never counts the
 * caller's deadline; a session's own exception is an attempt of the message it hit.
 */
class BatchOutcomeTests {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static List<OutgoingMessage> messages(int n) {
        return SendAllPipelinedTests.messages(n);
    }

    private static SmtpConfig.Builder config(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .tls(TlsMode.NONE)
                .readTimeout(Duration.ofSeconds(5));
    }

    private static void envelope(Conversation c) throws IOException {
        c.expect("MAIL FROM:");
        c.expect("RCPT TO:");
        c.expect("DATA");
    }

    /** Case 1: over CHUNKING each message of a batch has its own sendTimeout, not the first one's. */
    @Test
    void eachMessageOfABatchOverChunkingHasItsOwnSendTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING", "CHUNKING");
            for (int i = 0; i < 6; i++) {
                c.expect("MAIL FROM:");
                c.expect("RCPT TO:");
                String bdat = c.expect("BDAT ");
                c.readBytes(Long.parseLong(bdat.split(" ")[1]));
                c.stall(Duration.ofMillis(400));
                c.reply("250 ok", "250 ok", "250 2.0.0 queued as Q" + i);
            }
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<SendOutcome> out;
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    config(server).build(), PoolConfig.builder().maxTotal(1).build())) {
                out = SmtpTemplate.builder(pool)
                        .sendTimeout(Duration.ofSeconds(1))
                        .build()
                        .sendAll(messages(6));
            }
            // 2.4 s in all, more than one sendTimeout: each message was bounded on its own.
            assertThat(out).allSatisfy(o -> assertThat(o.isSent()).as("%s", o).isTrue());
            server.verify();
        }
    }

    /** Case 2: a slow greeting is the first message's time, never the next one's. */
    @Test
    void aSlowGreetingCostsOnlyTheFirstMessage() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.stall(Duration.ofMillis(1_500));
            c.greetAndEhlo("PIPELINING");
            envelope(c);
            c.reply("250 ok", "250 ok", "354 go");
            c.readData();
            envelope(c);
            c.reply("250 queued as Q1", "250 ok", "250 ok", "354 go");
            c.readData();
            c.stall(Duration.ofMillis(1_200));
            c.reply("250 queued as Q2");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<SendOutcome> out;
            try (PooledSmtpSessionFactory pool =
                    new PooledSmtpSessionFactory(config(server).build(), PoolConfig.defaults())) {
                out = SmtpTemplate.builder(pool)
                        .sendTimeout(Duration.ofMillis(2_500))
                        .build()
                        .sendAll(messages(2));
            }
            assertThat(out).allSatisfy(o -> assertThat(o.isSent()).as("%s", o).isTrue());
        }
    }

    /**
     * Case 2: a message that failed transiently behind a slow one keeps the time it had left
     * when it failed, not what is left once the message ahead ended and the session is back.
     */
    @Test
    void aRetryKeepsTheTimeItHadNotTheTimeSpentBehindAnother() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            envelope(c);
            c.reply("250 ok", "250 ok", "354 go");
            c.readData();
            envelope(c);
            c.stall(Duration.ofMillis(1_500));
            c.reply("250 queued as Q1", "451 4.3.0 try later", "503 5.5.1 no MAIL", "503 5.5.1 no MAIL");
            // The retry, on the same connection (451 left it good), answered slowly.
            envelope(c);
            c.reply("250 ok", "250 ok", "354 go");
            c.readData();
            c.stall(Duration.ofMillis(800));
            c.reply("250 queued as Q2");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<SendOutcome> out;
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    config(server).build(), PoolConfig.builder().maxTotal(1).build())) {
                out = SmtpTemplate.builder(pool)
                        .sendTimeout(Duration.ofSeconds(2))
                        .sleeper(d -> {})
                        .build()
                        .sendAll(messages(2));
            }
            assertThat(out).allSatisfy(o -> assertThat(o.isSent()).as("%s", o).isTrue());
        }
    }

    /** Case 5: a send timeout that passes while a primary greets slowly does not mark the primary down. */
    @Test
    void theCallersDeadlineNeverMarksAServerDown() throws Exception {
        try (ScriptedSmtpServer primary = ScriptedSmtpServer.startEach(c -> c.stall(Duration.ofSeconds(2)), c -> {
                    c.deliversOneMessage();
                });
                ScriptedSmtpServer secondary = ScriptedSmtpServer.start(c -> {
                    c.greetAndEhlo("PIPELINING");
                    envelope(c);
                    c.reply("250 ok", "250 ok", "354 go");
                    c.readData();
                    c.reply("250 2.0.0 queued on the secondary");
                })) {
            HostList hosts =
                    HostList.of(config(primary).build(), config(secondary).build());
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(hosts, PoolConfig.defaults())) {
                SmtpTemplate impatient = SmtpTemplate.builder(pool)
                        .sendTimeout(Duration.ofMillis(300))
                        .build();
                SendOutcome first = impatient.sendAll(messages(1)).get(0);
                assertThat(first.isSent()).isFalse();
                SendResult second = SmtpTemplate.of(pool).send("a@example.com", List.of("r1@example.com"), "x");
                assertThat(second.reply().text()).contains("Q1");
            }
        }
    }

    /** Case 10: when a user's own session throws in the middle of a batch, that is the attempt of the message it hit. */
    @Test
    void aSessionsOwnExceptionIsTheAttemptOfTheMessageInProgress() {
        SmtpConfig server = SmtpConfig.builder()
                .host("127.0.0.1")
                .port(greenMail.getSmtp().getPort())
                .tls(TlsMode.NONE)
                .build();
        AtomicInteger sessions = new AtomicInteger();
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(server, PoolConfig.defaults())) {
            SmtpSessionFactory breaksOnce = new SmtpSessionFactory() {
                @Override
                public SmtpSession getSession() {
                    SmtpSession real = pool.getSession();
                    boolean first = sessions.getAndIncrement() == 0;
                    return new ForwardingSmtpSession() {
                        @Override
                        protected SmtpSession delegate() {
                            return real;
                        }

                        @Override
                        public void close() {
                            real.close();
                        }

                        @Override
                        public List<SendOutcome> sendMessages(List<OutgoingMessage> messages, BatchListener listener) {
                            if (!first) {
                                return super.sendMessages(messages, listener);
                            }
                            listener.starting(0);
                            SendResult r = real.sendMessage(
                                    messages.get(0).envelope(), messages.get(0).content());
                            listener.finished(0, SendOutcome.of(messages.get(0), r, null));
                            listener.starting(1);
                            throw new SmtpConnectionException("the custom session broke", null, null);
                        }
                    };
                }

                @Override
                public void close() {}
            };
            List<String> seen = new ArrayList<>();
            SmtpListener events = new SmtpListener() {
                @Override
                public void attemptFailed(Envelope envelope, int attempt, RuntimeException error, boolean retrying) {
                    seen.add("attempt " + attempt + " of "
                            + envelope.recipients().get(0).address() + " failed");
                }

                @Override
                public void messageCompleted(
                        Envelope envelope,
                        Optional<SendResult> result,
                        Optional<RuntimeException> error,
                        int attempts) {
                    seen.add(envelope.recipients().get(0).address() + " done after " + attempts);
                }
            };
            List<SendOutcome> out = SmtpTemplate.builder(breaksOnce)
                    .sleeper(d -> {})
                    .listener(events)
                    .build()
                    .sendAll(messages(2));
            assertThat(out).allSatisfy(o -> assertThat(o.isSent()).isTrue());
            assertThat(seen).contains("attempt 1 of r2@example.com failed", "r2@example.com done after 2");
        }
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
    }
}
