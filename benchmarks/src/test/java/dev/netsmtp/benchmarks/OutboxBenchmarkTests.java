/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.test.SmtpTestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outbox benchmark, small and on H2, so that it keeps running: its three phases each deliver
 * every message once (the figures come from PostgreSQL and smtp-sink, by hand; see BENCHMARKS).
 */
class OutboxBenchmarkTests {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theThreePhasesRunAndDeliverEveryMessage() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().starttls(false).start()) {
            List<String> lines =
                    OutboxBenchmark.run("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", server.port(), 300, 2048, 4, 20);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).startsWith("sendAll,300,");
            assertThat(lines.get(1)).startsWith("outbox-enqueue,300,");
            assertThat(lines.get(2)).startsWith("outbox-drain,300,");
            assertThat(server.messages())
                    .as("sendAll, then the outbox: each message twice in all")
                    .hasSize(600);
        }
    }
}
