/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SmtpThrottledException;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.throttle.ThrottlePolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The adaptive rate against the kit's server throttling like a provider (a token bucket of R
 * messages a second, 451 4.7.1 past it), R unknown to the client: the rate converges near R with
 * few refusals and every message sent once; it follows a server that changes its rate down and
 * up; a message that cannot get a slot fails in time, typed as throttled; sendAll goes through the
 * same policy.
 */
@Timeout(120)
class ThrottleTests {

    private static final Envelope ENVELOPE = Envelope.of("shop@example.com", "ann@example.net");

    private static byte[] message(String subject) {
        return ("Subject: " + subject + "\r\n\r\nhi\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static SmtpTemplate template(PooledSmtpSessionFactory pool, ThrottlePolicy policy) {
        return SmtpTemplate.builder(pool)
                .throttle(policy)
                .retryPolicy(new RetryPolicy(20, Duration.ofMillis(10), 1, Duration.ofMillis(10)))
                .sendTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Sends {@code count} messages from 8 threads; returns each send's completion time. */
    static List<Long> sendMany(SmtpTemplate template, String prefix, int count) throws Exception {
        ConcurrentLinkedQueue<Long> done = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                workers.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        template.send(ENVELOPE, message(prefix + i));
                        done.add(System.nanoTime());
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get(100, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        return new ArrayList<>(done);
    }

    private static void assertEachStoredOnce(SmtpTestServer server, String prefix, int count) {
        Set<String> subjects = new HashSet<>();
        int stored = 0;
        for (ReceivedMessage m : server.messages()) {
            String subject = m.subject();
            if (subject != null && subject.startsWith(prefix)) {
                assertThat(subjects.add(subject)).as("%s stored once", subject).isTrue();
                stored++;
            }
        }
        assertThat(stored).isEqualTo(count);
    }

    @Test
    void theRateConvergesNearTheServersWithFewRefusalsAndEveryMessageSentOnce() throws Exception {
        double r = 300;
        try (SmtpTestServer server = SmtpTestServer.builder().throttle(r).start();
                PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                        server.clientConfig().build(),
                        PoolConfig.builder().maxTotal(8).build())) {
            // Starts well above R: it must find R by itself.
            SmtpTemplate template = template(pool, ThrottlePolicy.adaptive(600, 5000));
            long start = System.nanoTime();
            int count = 3600;
            AtomicInteger refusedAfterWarmUp = new AtomicInteger(-1);
            Thread watcher = new Thread(() -> {
                try {
                    Thread.sleep(4000);
                    refusedAfterWarmUp.set(server.throttledCount());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            watcher.start();
            List<Long> done = sendMany(template, "conv-", count);
            watcher.join();
            long end = done.stream().mapToLong(Long::longValue).max().orElseThrow();
            long window = TimeUnit.SECONDS.toNanos(4);
            long inLastWindow = done.stream().filter(t -> t > end - window).count();
            double rate = inLastWindow / 4.0;
            long afterWarmUp = done.stream()
                    .filter(t -> t > start + TimeUnit.SECONDS.toNanos(4))
                    .count();
            int refusals = server.throttledCount() - refusedAfterWarmUp.get();
            System.out.printf(
                    "throttle convergence: R=%.0f, client %.1f msg/s over the last 4 s, %d refusals "
                            + "in %d attempts after the first 4 s (%.2f %%), %d in all, final rate %.1f%n",
                    r,
                    rate,
                    refusals,
                    afterWarmUp + refusals,
                    100.0 * refusals / (afterWarmUp + refusals),
                    server.throttledCount(),
                    template.currentRate().orElseThrow());
            assertThat(rate).as("client rate").isBetween(0.8 * r, 1.2 * r);
            assertThat((double) refusals / (afterWarmUp + refusals))
                    .as("refusal share")
                    .isLessThan(0.05);
            assertEachStoredOnce(server, "conv-", count);
        }
    }

    @Test
    void theRateFollowsAServerThatChangesItsRateDownAndUp() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().throttle(300).start();
                PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                        server.clientConfig().build(),
                        PoolConfig.builder().maxTotal(8).build())) {
            SmtpTemplate template = template(pool, new ThrottlePolicy(300, 1, 5000, 0.7, 60));
            List<Double> rates = new ArrayList<>();
            double[] serverRates = {300, 100, 300};
            int m = 0;
            for (double serverRate : serverRates) {
                server.throttle(serverRate);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                int phase = m;
                int[] n = {0};
                while (System.nanoTime() < until) {
                    sendMany(template, "phase" + phase + "-" + n[0]++ + "-", 200);
                }
                rates.add(template.currentRate().orElseThrow());
                m++;
            }
            System.out.printf(
                    "throttle following: server 300 -> 100 -> 300, limiter at the end of each phase %s%n", rates);
            assertThat(rates.get(1)).as("down").isBetween(60.0, 160.0);
            assertThat(rates.get(2)).as("up again").isGreaterThan(rates.get(1) * 1.5);
        }
    }

    @Test
    void aMessageThatCannotGetASlotFailsInTimeTypedAsThrottled() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().start();
                PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                        server.clientConfig().build(), PoolConfig.builder().build())) {
            SmtpTemplate template = SmtpTemplate.builder(pool)
                    .throttle(new ThrottlePolicy(1, 1, 1, 0.5, 0.1))
                    .sendTimeout(Duration.ofMillis(500))
                    .build();
            template.send(ENVELOPE, message("slot 0"));
            long start = System.nanoTime();
            assertThatThrownBy(() -> template.send(ENVELOPE, message("slot 1")))
                    .isInstanceOf(SmtpThrottledException.class)
                    .hasMessageContaining("no send slot before the message's deadline")
                    .hasMessageContaining("1.00 messages a second")
                    .satisfies(e -> assertThat(((SmtpThrottledException) e).isTransient())
                            .isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
            assertThat(server.messagesWithSubject("slot 1")).isEmpty();
        }
    }

    @Test
    void sendAllGoesThroughThePolicyAndSendsEachOnce() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().throttle(150).start();
                PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                        server.clientConfig().build(),
                        PoolConfig.builder().maxTotal(4).build())) {
            SmtpTemplate template = template(pool, ThrottlePolicy.adaptive(400, 2000));
            List<OutgoingMessage> batch = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                batch.add(OutgoingMessage.of(ENVELOPE, message("all-" + i)));
            }
            List<SendOutcome> out = template.sendAll(batch);
            assertThat(out)
                    .allSatisfy(o -> assertThat(o.isSent()).as("%s", o.error()).isTrue());
            assertEachStoredOnce(server, "all-", 300);
            assertThat(template.currentRate().orElseThrow()).isLessThan(400);
        }
    }

    @Test
    void theReadmesBlockRunsAsWritten() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().start();
                PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                        server.clientConfig().build(), PoolConfig.builder().build())) {
            SmtpTemplate template = SmtpTemplate.builder(pool)
                    .throttle(ThrottlePolicy.adaptive(50, 1000)) // start at 50/s, never above 1,000/s
                    .build();
            template.currentRate(); // what the server lets through now
            assertThat(template.currentRate()).hasValue(50.0);
        }
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "throttling.md"));
        int start = readme.indexOf("SmtpTemplate template = SmtpTemplate.builder(pool)\n        .throttle(");
        String block = readme.substring(start, readme.indexOf("```", start));
        String source = java.nio.file.Files.readString(
                        java.nio.file.Path.of("src/test/java/dev/netsmtp/test/ThrottleTests.java"))
                .replaceAll("\\s+", "");
        for (String line : block.split("\n")) {
            if (!line.isBlank()) {
                assertThat(source).as(line).contains(line.replaceAll("\\s+", ""));
            }
        }
    }

    @Test
    void twoTemplatesSharingABudgetStayWithinTheServersRateTogether() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().throttle(250).start();
                PooledSmtpSessionFactory transactional = new PooledSmtpSessionFactory(
                        server.clientConfig().build(),
                        PoolConfig.builder().maxTotal(4).build());
                PooledSmtpSessionFactory bulk = new PooledSmtpSessionFactory(
                        server.clientConfig().build(),
                        PoolConfig.builder().maxTotal(4).build())) {
            dev.netsmtp.throttle.SendBudget shared = dev.netsmtp.throttle.SendBudget.perSecond(200);
            SmtpTemplate one = SmtpTemplate.builder(transactional)
                    .budget(shared)
                    .retryPolicy(new RetryPolicy(20, Duration.ofMillis(10), 1, Duration.ofMillis(10)))
                    .build();
            SmtpTemplate two = SmtpTemplate.builder(bulk)
                    .budget(shared)
                    .retryPolicy(new RetryPolicy(20, Duration.ofMillis(10), 1, Duration.ofMillis(10)))
                    .build();
            long start = System.nanoTime();
            ExecutorService both = Executors.newFixedThreadPool(2);
            try {
                Future<List<Long>> a = both.submit(() -> sendMany(one, "one-", 600));
                Future<List<Long>> b = both.submit(() -> sendMany(two, "two-", 600));
                a.get(60, TimeUnit.SECONDS);
                b.get(60, TimeUnit.SECONDS);
            } finally {
                both.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int refusals = server.throttledCount();
            System.out.printf(
                    "shared budget: 1,200 messages from two templates in %.2f s (%.0f msg/s together, "
                            + "budget 200, server 250), %d refusals%n",
                    seconds, 1200 / seconds, refusals);
            assertThat(1200 / seconds).as("together within the budget").isLessThan(200 * 1.1);
            assertThat(refusals / 1200.0).as("refusal share").isLessThan(0.05);
            assertEachStoredOnce(server, "one-", 600);
            assertEachStoredOnce(server, "two-", 600);
        }
        // A budget that has nothing before the deadline: a typed, transient failure, nothing sent.
        try (SmtpTestServer server = SmtpTestServer.builder().start();
                PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                        server.clientConfig().build(), PoolConfig.builder().build())) {
            SmtpTemplate starved = SmtpTemplate.builder(pool)
                    .budget(deadline -> false)
                    .sendTimeout(Duration.ofMillis(300))
                    .build();
            assertThatThrownBy(() -> starved.send(ENVELOPE, message("starved")))
                    .isInstanceOf(SmtpThrottledException.class)
                    .hasMessageContaining("shared budget");
            assertThat(server.messagesWithSubject("starved")).isEmpty();
        }
    }
}
