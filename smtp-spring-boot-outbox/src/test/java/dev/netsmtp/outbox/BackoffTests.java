/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.session.SimpleSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.SmtpTemplate;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The retry waits the outbox promises: doubling from the first to the longest, each drawn from the
 * upper half of its wait (jitter), never past the longest.
 */
class BackoffTests {

    @Test
    void eachWaitDoublesUpToTheLongestAndIsDrawnFromItsUpperHalf() {
        SendWork work = new SendWork(
                new OutboxStore(new DriverManagerDataSource("jdbc:h2:mem:backoff")),
                SmtpTemplate.of(new SimpleSmtpSessionFactory(
                        SmtpConfig.builder().host("127.0.0.1").port(25).build())),
                OutboxSettings.builder()
                        .retry(Duration.ofSeconds(1), Duration.ofSeconds(10))
                        .build(),
                OutboxListener.NONE,
                Clock.systemUTC());
        long[][] bounds = {
            {1, 500, 1000}, {2, 1000, 2000}, {3, 2000, 4000}, {4, 4000, 8000}, {5, 5000, 10000}, {40, 5000, 10000}
        };
        for (long[] b : bounds) {
            long least = Long.MAX_VALUE;
            long most = 0;
            for (int i = 0; i < 2000; i++) {
                long wait = work.backoff((int) b[0]).toMillis();
                least = Math.min(least, wait);
                most = Math.max(most, wait);
            }
            assertThat(least).as("attempt %d, shortest", b[0]).isGreaterThanOrEqualTo(b[1]);
            assertThat(most).as("attempt %d, longest", b[0]).isLessThanOrEqualTo(b[2]);
            assertThat(most - least)
                    .as("attempt %d: jitter spreads the waits", b[0])
                    .isGreaterThan((b[2] - b[1]) / 2);
        }
    }
}
