/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.testing.Await;
import dev.netsmtp.testing.SinkServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The race of issue 33 played in order: a borrower that found the pool full, and a slot freed
 * before it waits, must not wait for {@code maxWait}.
 */
class PoolWakeUpTests {

    private static final String MSG = "Subject: wake\r\n\r\nbody\r\n";

    @Test
    void aSlotFreedBetweenAFullTryAndTheWaitReachesTheBorrower() throws Exception {
        try (SinkServer sink = SinkServer.start();
                PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                        sink.config().build(),
                        PoolConfig.builder()
                                .maxTotal(1)
                                .maxMessagesPerSession(1)
                                .maxWait(Duration.ofSeconds(20))
                                .build())) {
            SmtpSession first = pool.getSession();
            CountDownLatch sawFull = new CountDownLatch(1);
            CountDownLatch slotFreed = new CountDownLatch(1);
            pool.beforeWait = () -> {
                sawFull.countDown();
                try {
                    slotFreed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            CompletableFuture<Long> borrower = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                try (SmtpSession s = pool.getSession()) {
                    s.sendMessage(MSG, "a@example.com", "b@example.com");
                }
                return System.nanoTime() - start;
            });
            assertThat(sawFull.await(10, TimeUnit.SECONDS))
                    .as("the borrower found the pool full")
                    .isTrue();
            // The one session retires after its message; its slot is freed on the closer's thread
            // while the borrower stands between its try and its wait.
            first.sendMessage(MSG, "a@example.com", "b@example.com");
            first.close();
            Await.until(() -> pool.stats().active() == 0 && pool.stats().destroyed() == 1);
            pool.beforeWait = null;
            slotFreed.countDown();
            long took = borrower.get(15, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(5));
            assertThat(sink.messages()).isEqualTo(2);
        }
    }

    @Test
    void aWaitingBorrowerLearnsAtOnceThatThePoolClosed() throws Exception {
        try (SinkServer sink = SinkServer.start()) {
            PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    sink.config().build(),
                    PoolConfig.builder()
                            .maxTotal(1)
                            .maxWait(Duration.ofSeconds(20))
                            .closeTimeout(Duration.ofMillis(200))
                            .build());
            SmtpSession held = pool.getSession();
            CompletableFuture<SmtpSession> waiter = CompletableFuture.supplyAsync(pool::getSession);
            Await.until(() -> pool.stats().waiting() == 1);
            long start = System.nanoTime();
            pool.close();
            assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("pool is closed");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            held.close();
        }
    }

    @Test
    void aChangeBeforeTheWaitIsNeverLost() throws Exception {
        Vacancies v = new Vacancies();
        long seen = v.changes();
        v.one(); // nobody waits yet: only the count moves
        long start = System.nanoTime();
        assertThat(v.awaitChange(seen, TimeUnit.SECONDS.toNanos(10))).isTrue();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void aChangeWakesAParkedWaiterAndNoChangeTimesOut() throws Exception {
        Vacancies v = new Vacancies();
        assertThat(v.awaitChange(v.changes(), TimeUnit.MILLISECONDS.toNanos(50)))
                .isFalse();
        v.enter();
        long seen = v.changes();
        CompletableFuture<Boolean> parked = CompletableFuture.supplyAsync(() -> {
            try {
                return v.awaitChange(seen, TimeUnit.SECONDS.toNanos(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        v.one();
        assertThat(parked.get(5, TimeUnit.SECONDS)).isTrue();
        v.leave();
        assertThat(v.waiting()).isZero();
    }
}
