/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.bucket4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.test.ReceivedMessage;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.testing.PostgresCluster;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two JVMs, each an instance of an application with its own pool, share one send budget through
 * Bucket4j's PostgreSQL backend (a private cluster) against one server that throttles: together
 * they stay within the server's rate with under 5 % refusals, and every message is sent once.
 */
@Timeout(180)
class SharedBudgetTests {

    @Test
    void twoJvmsSharingABudgetInPostgresStayWithinTheServersRate() throws Exception {
        double budget = 120;
        double serverRate = 150;
        int each = 600;
        try (PostgresCluster pg = PostgresCluster.start();
                SmtpTestServer server = SmtpTestServer.builder()
                        .starttls(false)
                        .throttle(serverRate)
                        .start()) {
            // The application's schema: Bucket4j's table for its PostgreSQL backend.
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl());
                    java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE bucket (id BIGINT PRIMARY KEY, state BYTEA, expires_at BIGINT)");
            }
            Path log = Files.createTempFile("budget-worker", ".log");
            long start = System.nanoTime();
            Process other = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            BudgetWorker.class.getName(),
                            Integer.toString(server.port()),
                            pg.jdbcUrl(),
                            Double.toString(budget),
                            "other-",
                            Integer.toString(each))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                BudgetWorker.send(server.port(), pg.jdbcUrl(), budget, "this-", each);
                assertThat(other.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(other.exitValue()).as(Files.readString(log)).isZero();
            } finally {
                other.destroyForcibly();
                Files.deleteIfExists(log);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int total = 2 * each;
            int refusals = server.throttledCount();
            System.out.printf(
                    "two JVMs, one Bucket4j budget in PostgreSQL (%.0f/s) against a server at %.0f/s: "
                            + "%d messages in %.2f s (%.0f msg/s together), %d refusals (%.2f %%)%n",
                    budget, serverRate, total, seconds, total / seconds, refusals, 100.0 * refusals / total);
            assertThat(total / seconds).as("together within the shared budget").isLessThan(budget * 1.15);
            assertThat((double) refusals / total).as("refusal share").isLessThan(0.05);
            Set<String> subjects = new HashSet<>();
            for (ReceivedMessage m : server.messages()) {
                assertThat(subjects.add(m.subject())).as("%s once", m.subject()).isTrue();
            }
            assertThat(subjects).hasSize(total);
            for (String prefix : List.of("this-", "other-")) {
                assertThat(subjects.stream().filter(s -> s.startsWith(prefix))).hasSize(each);
            }
            readmeBlock(pg, server);
        }
    }

    /** The README's block as it stands, over this cluster and server: it sends. */
    private static void readmeBlock(PostgresCluster pg, SmtpTestServer server) throws Exception {
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setURL(pg.jdbcUrl());
        try (dev.netsmtp.pool.PooledSmtpSessionFactory pool = new dev.netsmtp.pool.PooledSmtpSessionFactory(
                dev.netsmtp.session.SmtpConfig.builder()
                        .host("127.0.0.1")
                        .port(server.port())
                        .tls(dev.netsmtp.tls.TlsMode.NONE)
                        .build(),
                dev.netsmtp.pool.PoolConfig.defaults())) {
            ProxyManager<Long> buckets =
                    Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource).build();
            Bucket relay = buckets.builder().build(1L, () -> BucketConfiguration.builder()
                    .addLimit(limit -> limit.capacity(10).refillGreedy(150, Duration.ofSeconds(1)))
                    .build());
            SmtpTemplate template = SmtpTemplate.builder(pool)
                    .budget(Bucket4jSendBudget.of(relay))
                    .build();
            template.send("shop@example.com", List.of("ann@example.net"), "Subject: readme budget\r\n\r\nhi\r\n");
        }
        assertThat(server.messagesWithSubject("readme budget")).hasSize(1);
        String readme = Files.readString(Path.of("..", "docs", "throttling.md"));
        int start = readme.indexOf("ProxyManager<Long> buckets = Bucket4jPostgreSQL");
        String block = readme.substring(start, readme.indexOf("```", start));
        String source = Files.readString(Path.of("src/test/java/dev/netsmtp/bucket4j/SharedBudgetTests.java"))
                .replaceAll("\\s+", "");
        for (String line : block.split("\n")) {
            if (!line.isBlank()) {
                assertThat(source).as(line).contains(line.replaceAll("\\s+", ""));
            }
        }
    }
}
