/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
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
 * {@link SmtpTemplate#sendAll(List)} over pipelined sessions: each message keeps its own outcome,
 * its own retries and its own events; a message whose data never went is sent again on a fresh
 * connection as its first attempt; an uncertain one never; the pool's message cap holds.
 */
class SendAllPipelinedTests {

    static List<OutgoingMessage> messages(int n) {
        List<OutgoingMessage> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(OutgoingMessage.of(
                    Envelope.of("a@example.com", List.of("r" + i + "@example.com")),
                    ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
        return list;
    }

    private static String data(int i) {
        return "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n.\r\n";
    }

    private static void envelope(Conversation c, int i) throws IOException {
        c.expect("MAIL FROM:<a@example.com>");
        c.expect("RCPT TO:<r" + i + "@example.com>");
        c.expect("DATA");
    }

    private static void data(Conversation c, int i) throws IOException {
        assertThat(new String(c.readData(), StandardCharsets.US_ASCII)).isEqualTo(data(i));
    }

    /** Every event a listener hears, as text, in order. */
    private static final class Events implements SmtpListener {
        final List<String> seen = new ArrayList<>();

        private static String who(Envelope e) {
            return e.recipients().get(0).address();
        }

        @Override
        public void sendStarted(Envelope envelope) {
            seen.add("started " + who(envelope));
        }

        @Override
        public void attemptFailed(Envelope envelope, int attempt, RuntimeException error, boolean retrying) {
            seen.add("attempt " + attempt + " failed " + who(envelope) + (retrying ? " retrying" : ""));
        }

        @Override
        public void messageCompleted(
                Envelope envelope, Optional<SendResult> result, Optional<RuntimeException> error, int attempts) {
            seen.add((result.isPresent() ? "sent " : "failed ") + who(envelope) + " after " + attempts);
        }
    }

    private static PooledSmtpSessionFactory pool(ScriptedSmtpServer server, PoolConfig.Builder pool) {
        SmtpConfig config = SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .tls(TlsMode.NONE)
                .readTimeout(Duration.ofSeconds(5))
                .build();
        return new PooledSmtpSessionFactory(config, pool.build());
    }

    private static SmtpTemplate template(PooledSmtpSessionFactory factory, Events events) {
        return SmtpTemplate.builder(factory).sleeper(d -> {}).listener(events).build();
    }

    @Test
    void theMessageBehindALostReplyGoesAgainOnAFreshConnectionAndTheUncertainOneNever() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    c.greetAndEhlo("PIPELINING");
                    envelope(c, 1);
                    c.reply("250 ok", "250 ok", "354 go");
                    data(c, 1);
                    envelope(c, 2);
                    c.reply("250 queued as Q1", "250 ok", "250 ok", "354 go");
                    data(c, 2);
                    envelope(c, 3);
                    c.close(); // message 2 uncertain, message 3 only had its envelope
                },
                c -> {
                    c.greetAndEhlo("PIPELINING");
                    envelope(c, 3); // never message 2 again
                    c.reply("250 ok", "250 ok", "354 go");
                    data(c, 3);
                    c.reply("250 queued as Q3");
                    c.expect("QUIT");
                    c.reply("221 bye");
                })) {
            Events events = new Events();
            List<SendOutcome> out;
            List<OutgoingMessage> batch = messages(3);
            try (PooledSmtpSessionFactory factory = pool(server, PoolConfig.builder())) {
                out = template(factory, events).sendAll(batch);
            }
            assertThat(out).extracting(SendOutcome::isSent).containsExactly(true, false, true);
            assertThat(out.get(1).isUncertain()).isTrue();
            for (int i = 0; i < 3; i++) {
                assertThat(out.get(i).message()).isSameAs(batch.get(i));
            }
            // One start and one outcome each; message 3's unsent first try is not an attempt.
            assertThat(events.seen)
                    .containsExactly(
                            "started r1@example.com",
                            "started r2@example.com",
                            "sent r1@example.com after 1",
                            "started r3@example.com",
                            "attempt 1 failed r2@example.com",
                            "failed r2@example.com after 1",
                            "sent r3@example.com after 1");
            server.verify();
        }
    }

    @Test
    void aTransientRefusalIsRetriedAfterTheBatchOnTheGoodConnection() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            envelope(c, 1);
            c.reply("250 ok", "250 ok", "354 go");
            data(c, 1);
            envelope(c, 2);
            c.reply("250 queued as Q1", "451 4.3.0 try later", "503 5.5.1 no sender", "503 5.5.1 no sender");
            envelope(c, 3);
            c.reply("250 ok", "250 ok", "354 go");
            data(c, 3);
            c.reply("250 queued as Q3");
            // The batch is over; the pool lends the same good connection for the retry.
            envelope(c, 2);
            c.reply("250 ok", "250 ok", "354 go");
            data(c, 2);
            c.reply("250 queued as Q2");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            Events events = new Events();
            List<SendOutcome> out;
            try (PooledSmtpSessionFactory factory =
                    pool(server, PoolConfig.builder().maxTotal(1))) {
                out = template(factory, events).sendAll(messages(3));
            }
            assertThat(out)
                    .extracting(o -> o.result().orElseThrow().queueId().orElseThrow())
                    .containsExactly("Q1", "Q2", "Q3");
            assertThat(events.seen)
                    .containsSubsequence(
                            "started r2@example.com",
                            "sent r3@example.com after 1",
                            "attempt 1 failed r2@example.com retrying",
                            "sent r2@example.com after 2");
            server.verify();
        }
    }

    @Test
    void aBatchStopsAtThePoolsMessageCapAndGoesOnOnAFreshSession() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    c.greetAndEhlo("PIPELINING");
                    envelope(c, 1);
                    c.reply("250 ok", "250 ok", "354 go");
                    data(c, 1);
                    envelope(c, 2);
                    c.reply("250 queued as Q1", "250 ok", "250 ok", "354 go");
                    data(c, 2);
                    c.reply("250 queued as Q2");
                    c.expect("QUIT"); // retired at its cap of two
                    c.reply("221 bye");
                },
                c -> {
                    c.greetAndEhlo("PIPELINING");
                    envelope(c, 3);
                    c.reply("250 ok", "250 ok", "354 go");
                    data(c, 3);
                    c.reply("250 queued as Q3");
                    c.expect("QUIT");
                    c.reply("221 bye");
                })) {
            List<SendOutcome> out;
            try (PooledSmtpSessionFactory factory =
                    pool(server, PoolConfig.builder().maxTotal(1).maxMessagesPerSession(2))) {
                out = template(factory, new Events()).sendAll(messages(3));
            }
            assertThat(out).allMatch(SendOutcome::isSent);
            server.verify();
        }
    }

    @Test
    void eachMessageOfABatchHasItsOwnSendTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            envelope(c, 1);
            c.reply("250 ok", "250 ok", "354 go");
            for (int i = 1; i <= 3; i++) {
                data(c, i);
                if (i < 3) {
                    envelope(c, i + 1);
                }
                c.stall(Duration.ofMillis(600)); // a slow final reply, well inside one send's timeout
                if (i < 3) {
                    c.reply("250 queued as Q" + i, "250 ok", "250 ok", "354 go");
                } else {
                    c.reply("250 queued as Q3");
                }
            }
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<SendOutcome> out;
            try (PooledSmtpSessionFactory factory =
                    pool(server, PoolConfig.builder().maxTotal(1))) {
                out = SmtpTemplate.builder(factory)
                        .sleeper(d -> {})
                        .sendTimeout(Duration.ofMillis(1_500))
                        .build()
                        .sendAll(messages(3));
            }
            // 1.8 s for the three, more than one send timeout: each message was bounded on its own.
            assertThat(out).allMatch(SendOutcome::isSent);
            server.verify();
        }
    }
}
