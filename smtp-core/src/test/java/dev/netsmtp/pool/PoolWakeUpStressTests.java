/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.MutableClock;
import dev.netsmtp.testing.SinkServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A slot freed by a retiring session always reaches a borrower that found the pool full
 * (issue 33). Before the fix a borrower that had seen the pool full but not yet parked on Commons
 * Pool's idle deque missed the freed slot and waited the whole {@code maxWait}: about once in
 * every few thousand sends with a session retired after each message. Each test here sends tens
 * of thousands of messages through such a pool with a short {@code maxWait}: no send may fail, and
 * none may wait anywhere near {@code maxWait}.
 */
class PoolWakeUpStressTests {

    private static final byte[] MESSAGE =
            ("Subject: wake-up\r\n\r\n" + "x".repeat(2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);

    /** Far under maxWait: a send that waited for maxWait's slot to pass shows up as slow here, if not failed. */
    private static final Duration SLOW = Duration.ofMillis(300);

    private static final Envelope ENVELOPE = Envelope.of("from@example.com", "to@example.com");

    private static final Duration MAX_WAIT = Duration.ofMillis(500);

    @Test
    @Timeout(120)
    void oneThreadOneSessionRetiredAfterEveryMessage() throws Exception {
        try (SinkServer sink = SinkServer.start()) {
            PoolConfig pool = PoolConfig.builder()
                    .maxTotal(1)
                    .maxMessagesPerSession(1)
                    .maxWait(MAX_WAIT)
                    .build();
            run(sink, sink.config().build(), pool, 1, 20_000);
        }
    }

    /**
     * With six borrowers parked at any time, Commons Pool's own refill always found one, so this
     * did not fail before the fix (a missed slot cost throughput for a while, not maxWait); it
     * guards the waiting of the fix under contention, where a lost signal would stall a thread.
     */
    @Test
    @Timeout(120)
    void eightThreadsTwoSessionsRetiredAfterEveryMessage() throws Exception {
        try (SinkServer sink = SinkServer.start()) {
            PoolConfig pool = PoolConfig.builder()
                    .maxTotal(2)
                    .maxMessagesPerSession(1)
                    .maxWait(MAX_WAIT)
                    .build();
            run(sink, sink.config().build(), pool, 8, 10_000);
        }
    }

    @Test
    @Timeout(120)
    void oneThreadOneSessionRetiredByItsLifetime() throws Exception {
        try (SinkServer sink = SinkServer.start()) {
            // Every session is older than its lifetime by the time it is given back: the pool's
            // clock moves past it as each message is sent.
            MutableClock clock = new MutableClock();
            PoolConfig pool = PoolConfig.builder()
                    .maxTotal(1)
                    .maxLifetime(Duration.ofMinutes(1))
                    .maxWait(MAX_WAIT)
                    .clock(clock)
                    .build();
            SmtpListener ageing = new SmtpListener() {
                @Override
                public void messageSent(Envelope envelope, SendResult result) {
                    clock.advance(Duration.ofMinutes(2));
                }
            };
            run(sink, sink.config().listener(ageing).build(), pool, 1, 30_000);
        }
    }

    @Test
    @Timeout(120)
    void oneThreadOneSessionAgainstAServerThatClosesAfterEveryMessage() throws Exception {
        try (SinkServer sink = SinkServer.closingAfterEachMessage()) {
            // The session learns that the server closed only when it next writes: that send fails
            // before its envelope was answered (transient, retried on a new connection), and the
            // broken session is retired.
            PoolConfig pool = PoolConfig.builder().maxTotal(1).maxWait(MAX_WAIT).build();
            Logger retries = Logger.getLogger("dev.netsmtp.template");
            Level level = retries.getLevel();
            retries.setLevel(Level.WARNING); // a retry logged for every other message says nothing here
            try {
                run(sink, sink.config().build(), pool, 1, 10_000);
            } finally {
                retries.setLevel(level);
            }
        }
    }

    /** Sends {@code sends} messages on {@code threads} threads, by send and by sendAll in turn: none may fail or be slow. */
    private static void run(SinkServer sink, SmtpConfig server, PoolConfig poolConfig, int threads, int sends)
            throws Exception {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong slowest = new AtomicLong();
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(server, poolConfig)) {
            SmtpTemplate template = SmtpTemplate.builder(pool)
                    .retryPolicy(new RetryPolicy(3, Duration.ZERO, 1, Duration.ZERO))
                    .sendTimeout(Duration.ofSeconds(10))
                    .build();
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int share = sends / threads + (t < sends % threads ? 1 : 0);
                    running.add(executor.submit(() -> {
                        for (int i = 0; i < share && failures.size() < 10; i++) {
                            long start = System.nanoTime();
                            if (i % 2 == 0) {
                                try {
                                    template.send(ENVELOPE, MESSAGE);
                                } catch (RuntimeException e) {
                                    failures.add(e);
                                }
                            } else {
                                SendOutcome outcome = template.sendAll(List.of(OutgoingMessage.of(ENVELOPE, MESSAGE)))
                                        .get(0);
                                outcome.error().ifPresent(failures::add);
                            }
                            slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
                        }
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } finally {
                executor.shutdownNow();
            }
        }
        assertThat(failures).as("failed sends of " + sends).isEmpty();
        assertThat(Duration.ofNanos(slowest.get()))
                .as("the slowest of " + sends + " sends")
                .isLessThan(SLOW);
        assertThat(sink.messages()).isEqualTo(sends);
    }
}
