/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.netsmtp.Envelope;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.test.Step;
import dev.netsmtp.tls.TlsMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's rules against a real database (each subclass brings one) and the kit's server: the
 * caller's transaction decides, every state is reached by the reply that leads to it, and nothing
 * final is sent again unless someone asks.
 */
abstract class OutboxBehaviour {

    private SmtpTestServer server;
    private PooledSmtpSessionFactory pool;
    private HikariDataSource dataSource;
    private SmtpOutbox outbox;
    private OutboxWorkers workers;
    private final ConcurrentLinkedQueue<String> ended = new ConcurrentLinkedQueue<>();

    /** A new, empty database of the subclass's kind. */
    abstract String jdbcUrl() throws Exception;

    @BeforeEach
    void start() throws Exception {
        server = SmtpTestServer.builder().starttls(false).start();
        pool = new PooledSmtpSessionFactory(
                SmtpConfig.builder()
                        .host("127.0.0.1")
                        .port(server.port())
                        .tls(TlsMode.NONE)
                        .build(),
                PoolConfig.defaults());
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(jdbcUrl());
        dataSource.setMaximumPoolSize(8);
        OutboxSchema.create(dataSource);
        OutboxSchema.create(dataSource); // safe to run again
        outbox = SmtpOutbox.create(dataSource);
        SmtpTemplate template =
                SmtpTemplate.builder(pool).retryPolicy(RetryPolicy.none()).build();
        workers = OutboxWorkers.start(
                dataSource,
                template,
                OutboxSettings.builder()
                        .threads(4)
                        .pollingInterval(Duration.ofMillis(100))
                        .retry(Duration.ofMillis(200), Duration.ofMillis(400))
                        .build(),
                (key, state, attempt) -> ended.add(key.value() + " " + state + " " + attempt));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            workers.close();
        } finally {
            pool.close();
            dataSource.close();
            server.close();
        }
    }

    private static OutgoingMessage message(String key, String subject) {
        return OutgoingMessage.of(
                Envelope.builder()
                        .from("shop@example.com")
                        .to("ann@example.net")
                        .key(IdempotencyKey.of(key))
                        .build(),
                ("Subject: " + subject + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private void awaitState(String key, OutboxState state) {
        await(
                () -> outbox.find(IdempotencyKey.of(key))
                        .map(e -> e.state() == state)
                        .orElse(false),
                key + " " + state + ", is " + outbox.find(IdempotencyKey.of(key)));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 20 s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aRolledBackTransactionSendsNothingACommittedOneSendsOnce() throws Exception {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        tx.executeWithoutResult(status -> {
            outbox.enqueue(message("rolled-back", "rolled back"));
            status.setRollbackOnly();
        });
        tx.executeWithoutResult(status -> outbox.enqueue(message("committed", "committed")));
        awaitState("committed", OutboxState.SENT);
        Thread.sleep(500); // more than the workers' polling: a rolled-back message would be out by now
        assertThat(server.messagesWithSubject("committed")).hasSize(1);
        assertThat(server.messagesWithSubject("rolled back")).isEmpty();
        assertThat(outbox.find(IdempotencyKey.of("rolled-back"))).isEmpty();
        OutboxEntry entry = outbox.find(IdempotencyKey.of("committed")).orElseThrow();
        assertThat(entry.attempts()).isEqualTo(1);
        assertThat(entry.from()).isEqualTo("shop@example.com");
        assertThat(entry.recipients()).containsExactly("ann@example.net");
        assertThat(entry.lastReply()).hasValueSatisfying(r -> assertThat(r).startsWith("250"));
        assertThat(ended).containsExactly("committed SENT 1");
    }

    @Test
    void aFailureInTheCallersTransactionAfterEnqueueSendsNothing() {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    outbox.enqueue(message("thrown", "thrown"));
                    throw new IllegalStateException("the business step failed");
                }))
                .hasMessage("the business step failed");
        assertThat(outbox.find(IdempotencyKey.of("thrown"))).isEmpty();
        assertThat(outbox.statistics().counts().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isZero();
    }

    @Test
    void aKeyEnqueuedTwiceIsSentOnceAndTheEnvelopeSurvivesTheTable() {
        Envelope envelope = Envelope.builder()
                .from("")
                .to("bob@example.net", "zoë@例え.jp")
                .key(IdempotencyKey.of("twice"))
                .requireTls(false)
                .dsnReturn(dev.netsmtp.DsnReturn.HDRS)
                .build();
        byte[] content = "Subject: twice\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8);
        outbox.enqueue(envelope, content);
        outbox.enqueue(envelope, content);
        awaitState("twice", OutboxState.SENT);
        assertThat(server.messagesWithSubject("twice")).hasSize(1);
        assertThat(server.messagesWithSubject("twice").get(0).recipients())
                .containsExactly("bob@example.net", "zoë@例え.jp");
        Envelope back = EnvelopeCodec.decode(EnvelopeCodec.encode(envelope), IdempotencyKey.of("twice"));
        assertThat(back.reversePath()).isEmpty();
        assertThat(back.recipients()).isEqualTo(envelope.recipients());
        assertThat(back.dsnReturn()).isEqualTo(envelope.dsnReturn());
        assertThat(back.requiresSmtpUtf8()).isTrue();
    }

    @Test
    void aKeyTwiceInOneBatchAndAKeyAlreadyQueuedAreEachSentOnce() {
        outbox.enqueue(message("batch-old", "already queued"));
        List<IdempotencyKey> keys = outbox.enqueueAll(List.of(
                message("batch-a", "in the batch twice"),
                message("batch-a", "in the batch twice"),
                message("batch-old", "already queued"),
                message("batch-b", "once in the batch")));
        assertThat(keys)
                .extracting(IdempotencyKey::value)
                .containsExactly("batch-a", "batch-a", "batch-old", "batch-b");
        awaitState("batch-a", OutboxState.SENT);
        awaitState("batch-b", OutboxState.SENT);
        awaitState("batch-old", OutboxState.SENT);
        assertThat(server.messagesWithSubject("in the batch twice")).hasSize(1);
        assertThat(server.messagesWithSubject("once in the batch")).hasSize(1);
        assertThat(server.messagesWithSubject("already queued")).hasSize(1);
    }

    @Test
    void aPermanentRefusalFailsAndIsNotTriedAgain() throws Exception {
        server.failAt(Step.END_OF_DATA).reply("550 5.7.1 Refused by policy");
        outbox.enqueue(message("refused", "refused"));
        awaitState("refused", OutboxState.FAILED);
        Thread.sleep(600);
        OutboxEntry entry = outbox.find(IdempotencyKey.of("refused")).orElseThrow();
        assertThat(entry.attempts()).isEqualTo(1);
        assertThat(entry.lastReply()).hasValueSatisfying(r -> assertThat(r).contains("550 5.7.1 Refused by policy"));
        assertThat(server.messagesWithSubject("refused")).isEmpty();
        assertThat(ended).containsExactly("refused FAILED 1");
    }

    @Test
    void aTransientRefusalIsRetriedWithBackoffThenSentOnce() {
        server.failAt(Step.END_OF_DATA).times(2).reply("451 4.3.0 Try again later");
        outbox.enqueue(message("later", "later"));
        awaitState("later", OutboxState.SENT);
        assertThat(server.messagesWithSubject("later")).hasSize(1);
        assertThat(outbox.find(IdempotencyKey.of("later")).orElseThrow().attempts())
                .isEqualTo(3);
        assertThat(ended).containsExactly("later RETRY 1", "later RETRY 2", "later SENT 3");
    }

    @Test
    void aLostFinalReplyParksTheMessageUncertainUntilSomeoneDecides() throws Exception {
        server.failAt(Step.END_OF_DATA).times(2).deliverThenDisconnect();
        outbox.enqueue(message("lost-1", "lost one"));
        awaitState("lost-1", OutboxState.UNCERTAIN);
        outbox.enqueue(message("lost-2", "lost two"));
        awaitState("lost-2", OutboxState.UNCERTAIN);
        Thread.sleep(600);
        assertThat(server.messagesWithSubject("lost one")).hasSize(1);
        assertThat(server.messagesWithSubject("lost two")).hasSize(1);
        assertThat(outbox.list(OutboxState.UNCERTAIN, 10))
                .extracting(e -> e.key().value())
                .containsExactly("lost-1", "lost-2");
        assertThat(outbox.statistics().count(OutboxState.UNCERTAIN)).isEqualTo(2);

        // The operator finds the first in the mailbox, and sends the second again on purpose.
        assertThat(outbox.markSent(IdempotencyKey.of("lost-1"))).isTrue();
        assertThat(outbox.resend(IdempotencyKey.of("lost-2"))).isTrue();
        awaitState("lost-2", OutboxState.SENT);
        assertThat(outbox.find(IdempotencyKey.of("lost-1")).orElseThrow().state())
                .isEqualTo(OutboxState.SENT);
        assertThat(server.messagesWithSubject("lost one")).hasSize(1);
        assertThat(server.messagesWithSubject("lost two")).hasSize(2);
        assertThat(outbox.markSent(IdempotencyKey.of("lost-1")))
                .as("only from UNCERTAIN or FAILED")
                .isFalse();
        assertThat(outbox.resend(IdempotencyKey.of("lost-1"))).isFalse();
    }

    @Test
    void closingLetsARunningSendFinishAndTakesNoMoreWork() throws Exception {
        workers.close(); // the shared workers out of the way: these send slowly
        CountDownLatch inFlight = new CountDownLatch(1);
        SmtpTemplate slow = SmtpTemplate.builder(pool)
                .retryPolicy(RetryPolicy.none())
                .listener(new SmtpListener() {
                    @Override
                    public void sendStarted(Envelope envelope) {
                        // Marked SENDING, not yet on the wire: close() comes now.
                        inFlight.countDown();
                        try {
                            Thread.sleep(1500);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .build();
        workers = OutboxWorkers.start(
                dataSource,
                slow,
                OutboxSettings.builder()
                        .threads(2)
                        .pollingInterval(Duration.ofMillis(100))
                        .build(),
                OutboxListener.NONE);
        outbox.enqueue(message("closing-1", "sent while closing"));
        assertThat(inFlight.await(20, TimeUnit.SECONDS)).as("the send began").isTrue();

        long start = System.nanoTime();
        workers.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outbox.find(IdempotencyKey.of("closing-1")).orElseThrow().state())
                .as("the running send finished before close() returned")
                .isEqualTo(OutboxState.SENT);
        assertThat(server.messagesWithSubject("sent while closing")).hasSize(1);
        assertThat(took).isLessThan(Duration.ofSeconds(30)).isGreaterThan(Duration.ofMillis(500));
        assertThat(workers.isRunning()).isFalse();

        outbox.enqueue(message("closing-2", "queued after close"));
        Thread.sleep(600);
        assertThat(outbox.find(IdempotencyKey.of("closing-2")).orElseThrow().state())
                .as("closed workers take no more work")
                .isEqualTo(OutboxState.PENDING);
        assertThat(server.messagesWithSubject("queued after close")).isEmpty();
    }

    @Test
    void aMessageStillRefusedPastItsMaximumAgeFails() throws Exception {
        workers.close();
        workers = OutboxWorkers.start(
                dataSource,
                SmtpTemplate.builder(pool).retryPolicy(RetryPolicy.none()).build(),
                OutboxSettings.builder()
                        .threads(2)
                        .pollingInterval(Duration.ofMillis(100))
                        .retry(Duration.ofMillis(200), Duration.ofMillis(200))
                        .maxAge(Duration.ofMillis(700))
                        .build(),
                OutboxListener.NONE);
        server.failAt(Step.MAIL).always().reply("452 4.3.1 Insufficient system storage");
        outbox.enqueue(message("old", "old"));
        awaitState("old", OutboxState.FAILED);
        OutboxEntry entry = outbox.find(IdempotencyKey.of("old")).orElseThrow();
        assertThat(entry.attempts()).isBetween(2, 5);
        assertThat(entry.lastReply())
                .hasValueSatisfying(r ->
                        assertThat(r).startsWith("still refused after PT0.7S").contains("452 4.3.1"));
    }

    @Test
    void manyMessagesInOneBatchAreEachSentOnceAndSentRowsArePurged() {
        List<OutgoingMessage> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(message("m" + i, "batch " + i));
        }
        assertThat(outbox.enqueueAll(batch)).hasSize(200);
        await(() -> outbox.statistics().count(OutboxState.SENT) == 200, "200 sent: " + outbox.statistics());
        assertThat(server.messages()).hasSize(200);
        assertThat(outbox.statistics().oldestWaiting()).isEmpty();
        assertThat(outbox.purgeSent(Duration.ofMillis(1))).isGreaterThan(0);
    }

    @Test
    void argumentsAreCheckedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> outbox.enqueue(Envelope.of("a@example.com", "b@example.com"), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("messages[0]: the content is empty");
        assertThatThrownBy(() -> outbox.list(OutboxState.SENT, 0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> OutboxSettings.builder().retry(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("retryMax");
        assertThat(outbox.statistics().counts().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isZero();
    }
}
