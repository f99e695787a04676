/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.testing.MutableClock;
import dev.netsmtp.testing.ScriptedSmtpServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health probe's bound, its cache of failures, and its judgement of a pool whose sessions are all lent. */
class SmtpHealthBoundsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class,
                    SmtpAutoConfiguration.class,
                    SmtpHealthContributorAutoConfiguration.class));

    @Test
    void aSilentServerIsDownWithinTheProbeBoundWithDefaultTimeoutsAndTheFailureIsCached() throws Exception {
        try (ScriptedSmtpServer silent = ScriptedSmtpServer.start(c -> c.stall(Duration.ofSeconds(30)))) {
            // The default read timeout is 60 s: only the probe's own bound of 5 s can end this.
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + silent.port())
                    .run(context -> {
                        HealthIndicator health = context.getBean("smtpHealthContributor", HealthIndicator.class);
                        long start = System.nanoTime();
                        Health first = health.health();
                        Duration took = Duration.ofNanos(System.nanoTime() - start);
                        assertThat(first.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(took).isLessThan(Duration.ofSeconds(6));

                        start = System.nanoTime();
                        Health second = health.health();
                        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
                        assertThat(second.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(second.getDetails().get("checkedAt"))
                                .isEqualTo(first.getDetails().get("checkedAt"));
                    });
        }
    }

    @Test
    void onlyOneProbeRunsAtATime() throws Exception {
        ScriptedSmtpServer.Script silent = c -> c.stall(Duration.ofSeconds(5));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startConcurrently(silent, silent)) {
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    SmtpConfig.builder().host(server.host()).port(server.port()).build(),
                    PoolConfig.builder().closeTimeout(Duration.ofMillis(200)).build())) {
                SmtpHealthIndicator health = new SmtpHealthIndicator(
                        pool, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(2), Clock.systemUTC());
                var first = java.util.concurrent.CompletableFuture.supplyAsync(health::health);
                Thread.sleep(300); // the first probe is waiting for the greeting
                long start = System.nanoTime();
                Health second = health.health();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
                assertThat(second.getStatus()).isEqualTo(Status.UNKNOWN);
                assertThat(first.get().getStatus()).isEqualTo(Status.DOWN);
                assertThat(server.conversations())
                        .as("one probe connection, not two")
                        .hasSize(1);
            }
        }
    }

    @Test
    void aPoolWithEverySessionLentIsUpUntilTheLongestLoanPassesTheSendTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.stall(Duration.ofSeconds(10));
        })) {
            MutableClock poolClock = new MutableClock();
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    SmtpConfig.builder().host(server.host()).port(server.port()).build(),
                    PoolConfig.builder()
                            .maxTotal(1)
                            .clock(poolClock)
                            .closeTimeout(Duration.ofMillis(200))
                            .build())) {
                SmtpHealthIndicator health = new SmtpHealthIndicator(
                        pool, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(2), Clock.systemUTC());
                SmtpSession lent = pool.getSession();
                poolClock.advance(Duration.ofSeconds(30));
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                poolClock.advance(Duration.ofMinutes(2));
                Health stuck = health.health();
                assertThat(stuck.getStatus()).isEqualTo(Status.DOWN);
                assertThat(String.valueOf(stuck.getDetails().get("error"))).contains("sends are stuck");
                lent.close();
            }
        }
    }
}
