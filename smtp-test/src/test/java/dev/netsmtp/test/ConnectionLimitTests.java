/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.throttle.ThrottlePolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connection limits of a throttle policy against the kit's server limiting like a provider
 * (3 connections at once, 20 messages on each, {@code 421 4.7.0} past them): a pool built within
 * the policy is never refused, on single sends from 8 threads and on {@code sendAll}; the same
 * pool without it is, which shows the server's limits bite.
 */
@Timeout(120)
class ConnectionLimitTests {

    private static final int CONNECTIONS = 3;
    private static final int PER_CONNECTION = 20;
    private static final ThrottlePolicy POLICY =
            ThrottlePolicy.adaptive(5000, 5000).withConnectionLimits(CONNECTIONS, PER_CONNECTION);

    private static SmtpTestServer server() {
        return SmtpTestServer.builder()
                .starttls(false)
                .connectionLimit(CONNECTIONS)
                .messagesPerConnection(PER_CONNECTION)
                .start();
    }

    private static PooledSmtpSessionFactory pool(SmtpTestServer server, boolean within) {
        PoolConfig.Builder config = PoolConfig.builder().maxTotal(8);
        if (within) {
            config.within(POLICY);
        }
        return new PooledSmtpSessionFactory(server.clientConfig().build(), config.build());
    }

    private static SmtpTemplate template(PooledSmtpSessionFactory pool) {
        return SmtpTemplate.builder(pool)
                .throttle(POLICY)
                .retryPolicy(new RetryPolicy(20, Duration.ofMillis(5), 1, Duration.ofMillis(5)))
                .sendTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static OutgoingMessage message(String subject) {
        return OutgoingMessage.of(
                Envelope.of("shop@example.com", "ann@example.net"),
                ("Subject: " + subject + "\r\n\r\nhi\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertEachStoredOnce(SmtpTestServer server, String prefix, int count) {
        Map<String, Integer> stored = new HashMap<>();
        for (ReceivedMessage m : server.messages()) {
            if (m.subject() != null && m.subject().startsWith(prefix)) {
                stored.merge(m.subject(), 1, Integer::sum);
            }
        }
        assertThat(stored).hasSize(count);
        assertThat(stored.values()).allMatch(n -> n == 1);
    }

    @Test
    void aPoolWithinThePolicyIsNeverRefusedFromEightThreads() throws Exception {
        try (SmtpTestServer server = server();
                PooledSmtpSessionFactory pool = pool(server, true)) {
            ThrottleTests.sendMany(template(pool), "within-", 200);
            assertEachStoredOnce(server, "within-", 200);
            assertThat(server.throttledCount()).as("refusals").isZero();
            assertThat(server.connectionCount())
                    .as("a new connection after each 20 messages")
                    .isGreaterThanOrEqualTo(200 / PER_CONNECTION);
        }
    }

    @Test
    void sendAllOnAPoolWithinThePolicyIsNeverRefused() throws Exception {
        try (SmtpTestServer server = server();
                PooledSmtpSessionFactory pool = pool(server, true)) {
            List<OutgoingMessage> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(message("all-" + i));
            }
            List<SendOutcome> out = template(pool).sendAll(batch);
            assertThat(out)
                    .allSatisfy(o -> assertThat(o.isSent()).as("%s", o.error()).isTrue());
            assertEachStoredOnce(server, "all-", 200);
            assertThat(server.throttledCount()).as("refusals").isZero();
        }
    }

    @Test
    void theSamePoolWithoutThePolicysLimitsIsRefused() throws Exception {
        try (SmtpTestServer server = server();
                PooledSmtpSessionFactory pool = pool(server, false)) {
            ThrottleTests.sendMany(template(pool), "without-", 200);
            assertEachStoredOnce(server, "without-", 200);
            assertThat(server.throttledCount())
                    .as("8 connections against 3, and more than 20 messages on one")
                    .isPositive();
        }
    }

    @Test
    void theReadmesBlockRunsAsWritten() throws Exception {
        try (SmtpTestServer server = server()) {
            dev.netsmtp.session.SmtpConfig config = server.clientConfig().build();
            ThrottlePolicy policy = ThrottlePolicy.microsoft365(); // 0.5 a second, 3 connections
            PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    config, PoolConfig.builder().maxTotal(8).within(policy).build()); // 3 connections at most
            try (pool) {
                SmtpTemplate template =
                        SmtpTemplate.builder(pool).throttle(policy).build();
                assertThat(pool.poolConfig().maxTotal()).isEqualTo(3);
                OutgoingMessage m = message("readme limits");
                template.send(m.envelope(), m.content());
            }
            assertThat(server.messagesWithSubject("readme limits")).hasSize(1);
        }
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "throttling.md"));
        int start = readme.indexOf("ThrottlePolicy policy = ThrottlePolicy.microsoft365();");
        assertThat(start).isNotNegative();
        String block = readme.substring(start, readme.indexOf("```", start));
        String source = java.nio.file.Files.readString(
                        java.nio.file.Path.of("src/test/java/dev/netsmtp/test/ConnectionLimitTests.java"))
                .replaceAll("\\s+", "");
        for (String line : block.split("\n")) {
            if (!line.isBlank()) {
                assertThat(source).as(line).contains(line.replaceAll("\\s+", ""));
            }
        }
    }
}
