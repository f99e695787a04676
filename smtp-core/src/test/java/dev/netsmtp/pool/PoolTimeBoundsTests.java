/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.SmtpInterruptedException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.Await;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The pool's bounds: its close, borrowing under a send's deadline, interrupts, and a thread giving
 * back a broken session while another waits.
 */
class PoolTimeBoundsTests {

    private static SmtpConfig config(ScriptedSmtpServer server, Duration readTimeout) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .readTimeout(readTimeout)
                .build();
    }

    private static void greetsThenHangs(Conversation c) throws Exception {
        c.greetAndEhlo();
        c.stall(Duration.ofSeconds(10));
    }

    /** One session at most, a long maxWait: only the send's own deadline can end a wait. */
    private static PooledSmtpSessionFactory poolOfOne(ScriptedSmtpServer server) {
        return new PooledSmtpSessionFactory(
                config(server, Duration.ofSeconds(5)),
                PoolConfig.builder()
                        .maxTotal(1)
                        .maxWait(Duration.ofSeconds(30))
                        .closeTimeout(Duration.ofMillis(200))
                        .build());
    }

    private static void silentAtQuit(Conversation c) throws Exception {
        c.greetAndEhlo();
        c.expect("QUIT");
        c.stall(Duration.ofSeconds(10));
    }

    @Test
    void closeIsBoundedByTheCloseTimeoutWhenNoIdleSessionAnswersQuit() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startConcurrently(
                PoolTimeBoundsTests::silentAtQuit,
                PoolTimeBoundsTests::silentAtQuit,
                PoolTimeBoundsTests::silentAtQuit)) {
            PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    config(server, Duration.ofSeconds(2)),
                    PoolConfig.builder().closeTimeout(Duration.ofSeconds(1)).build());
            SmtpSession a = pool.getSession();
            SmtpSession b = pool.getSession();
            SmtpSession c = pool.getSession();
            a.close();
            b.close();
            c.close();
            assertThat(pool.stats().idle()).isEqualTo(3);
            long start = System.nanoTime();
            pool.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1700));
            assertThat(server.conversations()).hasSize(3);
        }
    }

    @Test
    void borrowingFromAnExhaustedPoolWaitsOnlyWhatIsLeftOfTheSendTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(PoolTimeBoundsTests::greetsThenHangs)) {
            try (PooledSmtpSessionFactory pool = poolOfOne(server)) {
                SmtpSession held = pool.getSession();
                SmtpTemplate template = SmtpTemplate.builder(pool)
                        .sendTimeout(Duration.ofMillis(500))
                        .build();
                long start = System.nanoTime();
                Throwable thrown = null;
                try {
                    template.send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n");
                } catch (RuntimeException e) {
                    thrown = e;
                }
                assertThat(thrown).isInstanceOf(SmtpTimeoutException.class).hasMessageContaining("time limit");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
                held.close();
            }
        }
    }

    @Test
    void givingBackASessionThatMustRetireDoesNotWaitForItsQuit() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("NOOP");
            c.reply("250 ok");
            c.expect("QUIT");
            c.stall(Duration.ofSeconds(10)); // never answers it
        })) {
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    config(server, Duration.ofSeconds(5)),
                    PoolConfig.builder()
                            .maxLifetime(Duration.ofMillis(1))
                            .closeTimeout(Duration.ofMillis(500))
                            .build())) {
                SmtpSession s = pool.getSession();
                s.noop();
                Thread.sleep(5); // past its lifetime: it must go, with QUIT
                long start = System.nanoTime();
                s.close();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
                // The QUIT runs on the closer's thread, bounded by the close timeout.
                Await.until(() -> pool.stats().active() == 0 && pool.stats().destroyed() == 1);
            }
        }
    }

    @Test
    void theIdleCheckNoopRunsUnderTheSendTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("NOOP"); // the idle check before the session is lent again
            c.stall(Duration.ofSeconds(10));
        })) {
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    config(server, Duration.ofSeconds(30)),
                    PoolConfig.builder()
                            .idleValidationAfter(Duration.ZERO)
                            .closeTimeout(Duration.ofMillis(200))
                            .build())) {
                pool.getSession().close(); // one idle session, checked with NOOP on every reuse
                SmtpTemplate template = SmtpTemplate.builder(pool)
                        .sendTimeout(Duration.ofMillis(500))
                        .build();
                long start = System.nanoTime();
                Throwable thrown = null;
                try {
                    template.send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n");
                } catch (RuntimeException e) {
                    thrown = e;
                }
                assertThat(thrown).isInstanceOf(SmtpTimeoutException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            }
        }
    }

    @Test
    void anInterruptedWaiterStopsAtOnceWithTheFlagSetAndIsNotRetried() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(PoolTimeBoundsTests::greetsThenHangs)) {
            try (PooledSmtpSessionFactory pool = poolOfOne(server)) {
                SmtpSession held = pool.getSession();
                SmtpTemplate template = SmtpTemplate.of(pool);
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                AtomicReference<Boolean> flag = new AtomicReference<>();
                Thread waiter = new Thread(() -> {
                    try {
                        template.send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n");
                    } catch (RuntimeException e) {
                        thrown.set(e);
                    }
                    flag.set(Thread.currentThread().isInterrupted());
                });
                waiter.start();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (pool.stats().waiting() == 0 && System.nanoTime() < until) {
                    Thread.sleep(5);
                }
                long start = System.nanoTime();
                waiter.interrupt();
                waiter.join(5_000);
                assertThat(waiter.isAlive()).isFalse();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
                assertThat(thrown.get()).isInstanceOf(SmtpInterruptedException.class);
                assertThat(((SmtpInterruptedException) thrown.get()).isTransient())
                        .isFalse();
                assertThat(flag.get()).isTrue();
                assertThat(pool.stats().borrowed()).isEqualTo(1); // no second attempt
                held.close();
            }
        }
    }

    @Test
    void givingBackABrokenSessionWhileAnotherThreadWaitsReturnsAtOnce() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    c.greetAndEhlo();
                    c.expect("NOOP");
                    c.close(); // the session breaks
                },
                c -> {
                    Thread.sleep(1500); // the replacement is slow to greet
                    c.greetAndEhlo();
                    c.expect("QUIT");
                    c.reply("221 bye");
                })) {
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    config(server, Duration.ofSeconds(5)),
                    PoolConfig.builder().maxTotal(1).build())) {
                SmtpSession first = pool.getSession();
                CompletableFuture<SmtpSession> waiter = CompletableFuture.supplyAsync(pool::getSession);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (pool.stats().waiting() == 0 && System.nanoTime() < until) {
                    Thread.sleep(5);
                }
                try {
                    first.noop();
                } catch (RuntimeException expected) {
                    // The server dropped the connection.
                }
                long start = System.nanoTime();
                first.close();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
                try (SmtpSession second = waiter.get(5, TimeUnit.SECONDS)) {
                    assertThat(second.isUsable()).isTrue();
                }
            }
            server.verify();
        }
    }
}
