/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.netsmtp.Envelope;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.test.ReceivedMessage;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.test.Step;
import dev.netsmtp.testing.PostgresCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The crash windows, on one PostgreSQL shared by real processes: an instance killed with SIGKILL
 * in the middle of draining, a server that loses final replies and refuses for now, and the
 * database itself stopped for seconds. Afterwards every message is in one final state, every sent
 * one arrived exactly once, every uncertain one was in the hands of the dead instance or lost its
 * reply, and none arrived twice.
 */
class OutboxCrashTests {

    private static final int MESSAGES = 20_000;
    private static final int LOST_REPLIES = 5;
    private static final int REFUSED_FOR_NOW = 20;

    @Test
    @Timeout(300)
    void anInstanceKilledWhileDrainingLosesNothingAndSendsNothingTwice() throws Exception {
        try (PostgresCluster pg = PostgresCluster.start();
                SmtpTestServer server = SmtpTestServer.builder().starttls(false).start();
                HikariDataSource dataSource = OutboxNode.dataSource(pg.jdbcUrl(), 4)) {
            OutboxSchema.create(dataSource);
            SmtpOutbox outbox = SmtpOutbox.create(dataSource);
            server.failAt(Step.END_OF_DATA).skip(2000).times(REFUSED_FOR_NOW).reply("451 4.3.0 Try again later");
            server.failAt(Step.END_OF_DATA).skip(4000).times(LOST_REPLIES).deliverThenDisconnect();
            enqueue(outbox, MESSAGES);

            Process killed = node(pg, server, "killed");
            Process survivor = node(pg, server, "survivor");
            try {
                await(
                        () -> outbox.statistics().count(OutboxState.SENT) >= MESSAGES / 3,
                        Duration.ofSeconds(120),
                        () -> "a third sent: " + outbox.statistics());
                killed.destroyForcibly(); // SIGKILL: no shutdown hook, no last write
                assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(killed.exitValue()).isEqualTo(137);
                long start = System.nanoTime();
                await(() -> waiting(outbox) == 0, Duration.ofSeconds(150), () -> "all final: " + outbox.statistics());
                System.out.printf(
                        "outbox crash: %s; the survivor finished %.1f s after the kill%n",
                        outbox.statistics().counts(), (System.nanoTime() - start) / 1e9);
            } finally {
                stop(killed);
                stop(survivor);
            }
            // Refused messages come back on a retry, sent; unless the killed node had one in hand then.
            checkEveryMessage(dataSource, server, "killed", REFUSED_FOR_NOW / 2);
        }
    }

    @Test
    @Timeout(240)
    void aDatabaseOutageWhileDrainingSendsNothingTwiceAndDrainingResumes() throws Exception {
        int messages = 3000;
        try (PostgresCluster pg = PostgresCluster.start();
                SmtpTestServer server = SmtpTestServer.builder().starttls(false).start();
                HikariDataSource dataSource = OutboxNode.dataSource(pg.jdbcUrl(), 12);
                PooledSmtpSessionFactory pool = OutboxNode.pool(server.port(), 8)) {
            OutboxSchema.create(dataSource);
            SmtpOutbox outbox = SmtpOutbox.create(dataSource);
            enqueue(outbox, messages);
            try (OutboxWorkers workers = OutboxWorkers.start(
                    dataSource, OutboxNode.template(pool), OutboxNode.settings("outage", 8), OutboxListener.NONE)) {
                await(
                        () -> server.messages().size() >= messages / 4,
                        Duration.ofSeconds(60),
                        () -> "a quarter sent: " + server.messages().size());
                assertThat(workers.isRunning()).isTrue();
                pg.stop();
                int during = server.messages().size();
                Thread.sleep(4000);
                int after = server.messages().size();
                pg.resume();
                assertThat(after - during)
                        .as("sends while the database is away: only those already marked")
                        .isLessThanOrEqualTo(8);
                await(() -> waiting(outbox) == 0, Duration.ofSeconds(120), () -> "all final: " + outbox.statistics());
                System.out.printf("outbox outage: %s%n", outbox.statistics().counts());
            }
            checkEveryMessage(dataSource, server, "outage", 0);
            assertThat(outbox.statistics().count(OutboxState.SENT))
                    .as(
                            "the outcomes were written after the outage; uncertain: %s",
                            outbox.list(OutboxState.UNCERTAIN, 50))
                    .isEqualTo(messages);
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger MESSAGES_CHECKED =
            new java.util.concurrent.atomic.AtomicInteger();

    private static void enqueue(SmtpOutbox outbox, int count) {
        MESSAGES_CHECKED.set(count);
        for (int from = 0; from < count; from += 1000) {
            List<OutgoingMessage> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 1000); i++) {
                batch.add(OutgoingMessage.of(
                        Envelope.builder()
                                .from("shop@example.com")
                                .to("ann@example.net")
                                .key(IdempotencyKey.of("k" + i))
                                .build(),
                        ("Subject: k" + i + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8)));
            }
            outbox.enqueueAll(batch);
        }
    }

    private static long waiting(SmtpOutbox outbox) {
        OutboxStatistics s = outbox.statistics();
        return s.count(OutboxState.PENDING) + s.count(OutboxState.RETRY) + s.count(OutboxState.SENDING);
    }

    /** Every message against what the server received: the table the issue asks for. */
    private static void checkEveryMessage(
            HikariDataSource dataSource, SmtpTestServer server, String riskyNode, int expectedRetried)
            throws Exception {
        Map<String, Integer> received = new HashMap<>();
        for (ReceivedMessage m : server.messages()) {
            received.merge(m.subject(), 1, Integer::sum);
        }
        assertThat(received.values()).as("no message arrived twice").allMatch(n -> n == 1);
        int uncertainElsewhere = 0;
        int retried = 0;
        int rows = 0;
        int arrived = 0;
        try (java.sql.Connection c = dataSource.getConnection();
                java.sql.ResultSet rs = c.createStatement()
                        .executeQuery("SELECT message_key, state, node, attempts FROM smtp_outbox")) {
            while (rs.next()) {
                rows++;
                String key = rs.getString(1);
                OutboxState state = OutboxState.valueOf(rs.getString(2));
                String row = key + " " + state + " on " + rs.getString(3) + " after " + rs.getInt(4);
                int times = received.getOrDefault(key, 0);
                arrived += times;
                retried += rs.getInt(4) > 1 ? 1 : 0;
                switch (state) {
                    case SENT -> assertThat(times)
                            .as("%s: sent, arrived once", row)
                            .isEqualTo(1);
                    case UNCERTAIN -> {
                        assertThat(times).as("%s: arrived at most once", row).isLessThanOrEqualTo(1);
                        if (!riskyNode.equals(rs.getString(3))) {
                            uncertainElsewhere++;
                        }
                    }
                    default -> throw new AssertionError("not final, or failed without a permanent refusal: " + row);
                }
            }
        }
        assertThat(rows).as("every message still in the table").isEqualTo(MESSAGES_CHECKED.get());
        assertThat(arrived)
                .as("the server received only the outbox's messages")
                .isEqualTo(server.messages().size());
        // A lost reply leaves its message uncertain, and the chunk's messages pipelined behind it.
        assertThat(uncertainElsewhere)
                .as("uncertain on a live instance: only lost replies and what was pipelined behind them")
                .isLessThanOrEqualTo(LOST_REPLIES * OutboxNode.BATCH);
        assertThat(retried).as("refused for now, then tried again").isGreaterThanOrEqualTo(expectedRetried);
    }

    private static Process node(PostgresCluster pg, SmtpTestServer server, String name) throws Exception {
        Path log = Files.createTempFile("outbox-" + name, ".log");
        log.toFile().deleteOnExit();
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        OutboxNode.class.getName(),
                        pg.jdbcUrl(),
                        Integer.toString(server.port()),
                        name,
                        "8")
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread pump = new Thread(
                () -> {
                    try {
                        for (String line; (line = out.readLine()) != null; ) {
                            Files.writeString(log, line + "\n", java.nio.file.StandardOpenOption.APPEND);
                        }
                    } catch (java.io.IOException e) {
                        // the process ended
                    }
                },
                "outbox-node-" + name);
        pump.setDaemon(true);
        pump.start();
        await(
                () -> {
                    try {
                        return Files.readString(log).contains("started") || !p.isAlive();
                    } catch (java.io.IOException e) {
                        return false;
                    }
                },
                Duration.ofSeconds(30),
                () -> "node " + name + " started");
        assertThat(p.isAlive())
                .as(() -> {
                    try {
                        return Files.readString(log);
                    } catch (java.io.IOException e) {
                        return e.toString();
                    }
                })
                .isTrue();
        return p;
    }

    /** Closes the node's input (it stops its workers and exits), then makes sure it is gone. */
    private static void stop(Process p) throws Exception {
        if (p.isAlive()) {
            p.getOutputStream().close();
            if (!p.waitFor(40, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void await(BooleanSupplier condition, Duration within, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + within + ": " + what.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
