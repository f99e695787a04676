/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.Envelope;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SimpleSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What the template may retry: a one-shot writer only if it never ran, a replayable one whole, a
 * batch gives every message an outcome, retries through the pool reuse a good connection, and
 * the rate limit applies to every attempt.
 */
class BodySafetyRetryTests {

    private static final Envelope ENVELOPE = Envelope.of("a@b.example", "x@y.example");

    private static SmtpConfig config(ScriptedSmtpServer server) {
        return server.config().build();
    }

    private static byte[] message() {
        StringBuilder sb = new StringBuilder("Subject: one-shot\r\n\r\n");
        // Larger than the socket buffers on both sides, so the reset fails a write, before the end of data.
        for (int i = 0; sb.length() < 24 * 1024 * 1024; i++) {
            sb.append("line ").append(i).append(" of a message that is read once\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Takes the envelope, reads a few lines of the data, then resets the connection. */
    private static void resetInTheData(Conversation c) throws Exception {
        c.greetAndEhlo("PIPELINING");
        c.envelopeTo354();
        for (int i = 0; i < 50; i++) {
            c.readLine();
        }
        c.reset();
    }

    private static ScriptedSmtpServer.Script delivers(AtomicReference<byte[]> stored) {
        return c -> stored.set(c.deliversOneMessage());
    }

    private static SmtpTemplate template(SmtpSessionFactory factory) {
        return SmtpTemplate.builder(factory).sleeper(d -> {}).build();
    }

    @Test
    void aOneShotWriterThatRanIsNotRetried() throws Exception {
        AtomicReference<byte[]> stored = new AtomicReference<>();
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.startEach(BodySafetyRetryTests::resetInTheData, delivers(stored))) {
            InputStream readOnce = new ByteArrayInputStream(message());
            SmtpTemplate template = template(new SimpleSmtpSessionFactory(config(server)));
            assertThatThrownBy(() -> template.send(ENVELOPE, out -> readOnce.transferTo(out)))
                    .isInstanceOf(SmtpConnectionException.class)
                    .satisfies(
                            e -> assertThat(((SmtpException) e).isTransient()).isTrue());
            Thread.sleep(200);
            assertThat(server.conversations()).hasSize(1);
            assertThat(stored.get()).isNull();
        }
    }

    @Test
    void aReplayableWriterIsRetriedWhole() throws Exception {
        AtomicReference<byte[]> stored = new AtomicReference<>();
        byte[] message = message();
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.startEach(BodySafetyRetryTests::resetInTheData, delivers(stored))) {
            SmtpTemplate template = template(new SimpleSmtpSessionFactory(config(server)));
            template.send(ENVELOPE, MessageWriter.replayable(out -> out.write(message)));
            server.verify();
            byte[] data = stored.get();
            // The message has no line starting with a dot, so the data is the message and ".\r\n".
            assertThat(Arrays.copyOf(data, data.length - 3)).isEqualTo(message);
        }
    }

    @Test
    void everyMessageOfABatchGetsAnOutcomeWhateverHappensToTheOthers() throws Exception {
        AtomicReference<byte[]> stored = new AtomicReference<>();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(delivers(stored))) {
            SimpleSmtpSessionFactory real = new SimpleSmtpSessionFactory(config(server));
            AtomicInteger calls = new AtomicInteger();
            SmtpSessionFactory firstFails = new SmtpSessionFactory() {
                @Override
                public SmtpSession getSession() {
                    if (calls.getAndIncrement() == 0) {
                        throw new IllegalStateException("the SMTP session pool is closed");
                    }
                    return real.getSession();
                }

                @Override
                public void close() {}
            };
            List<OutgoingMessage> batch = new ArrayList<>();
            batch.add(OutgoingMessage.of("a@b.example", List.of("x@y.example"), "Subject: 1\r\n\r\none\r\n"));
            batch.add(OutgoingMessage.of("a@b.example", List.of("x@y.example"), "Subject: 2\r\n\r\ntwo\r\n"));
            List<SendOutcome> outcomes = template(firstFails).sendAll(batch);
            assertThat(outcomes).hasSize(2);
            assertThat(outcomes.get(0).isSent()).isFalse();
            assertThat(outcomes.get(0).error()).containsInstanceOf(IllegalStateException.class);
            assertThat(outcomes.get(0).smtpError()).isEmpty();
            assertThat(outcomes.get(1).isSent()).isTrue();
            server.verify();
        }
    }

    @Test
    void aRetryThroughThePoolAfterA451ReusesTheGoodConnection() throws Exception {
        AtomicReference<byte[]> stored = new AtomicReference<>();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("MAIL FROM:");
            c.expect("RCPT TO:");
            c.expect("DATA");
            c.reply("451 4.3.0 try again later", "503 5.5.1 no MAIL", "503 5.5.1 no valid recipients");
            c.envelopeTo354();
            stored.set(c.readData());
            c.reply("250 2.0.0 queued");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    config(server), PoolConfig.builder().maxTotal(1).build())) {
                template(pool).send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n");
                assertThat(pool.stats().created()).isEqualTo(1);
            }
            server.verify();
            assertThat(server.conversations()).hasSize(1);
            assertThat(stored.get()).isNotNull();
        }
    }

    @Test
    void theRateLimitAppliesToEveryAttempt() throws Exception {
        AtomicReference<byte[]> stored = new AtomicReference<>();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    c.greetAndEhlo();
                    c.expect("MAIL FROM:");
                    c.reply("421 4.7.0 too many messages, closing");
                },
                delivers(stored))) {
            List<Duration> sleeps = new ArrayList<>();
            SmtpTemplate template = SmtpTemplate.builder(new SimpleSmtpSessionFactory(config(server)))
                    .rateLimit(1.0)
                    .sleeper(sleeps::add)
                    .build();
            template.send(ENVELOPE, "Subject: t\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
            server.verify();
            // The backoff (200 ms), then the rate limit's wait for the second attempt (about 1 s).
            assertThat(sleeps).anySatisfy(d -> assertThat(d).isGreaterThan(Duration.ofMillis(800)));
        }
    }
}
