/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.autoconfigure.InvalidSmtpPropertyException;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.outbox.OutboxListener;
import dev.netsmtp.outbox.OutboxState;
import dev.netsmtp.outbox.SmtpOutbox;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.test.Step;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox in a Boot application: an embedded H2 database from {@code spring.datasource}, the
 * {@code smtp.*} template, the caller's {@code @Transactional}-style transaction, health, the
 * endpoint and meters; each switch and each refused property.
 */
@Timeout(60)
class SmtpOutboxAutoConfigurationTests {

    private static int databases;
    private SmtpTestServer server;

    @BeforeEach
    void start() {
        server = SmtpTestServer.builder().starttls(false).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SslAutoConfiguration.class,
                        DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class,
                        TransactionAutoConfiguration.class,
                        SmtpAutoConfiguration.class,
                        SmtpOutboxAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=jdbc:h2:mem:boot" + (++databases) + ";DB_CLOSE_DELAY=-1",
                        "smtp.host=127.0.0.1",
                        "smtp.port=" + server.port(),
                        "smtp.tls.mode=none",
                        "smtp.outbox.workers.polling-interval=100ms",
                        "smtp.outbox.retry.initial=100ms",
                        "smtp.outbox.retry.max=200ms");
    }

    private static byte[] body(String subject) {
        return ("Subject: " + subject + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void enqueuedInTheApplicationsTransactionSentByItsWorkersSeenInHealthEndpointAndMeters() {
        ConcurrentLinkedQueue<String> told = new ConcurrentLinkedQueue<>();
        runner().withPropertyValues("management.endpoints.web.exposure.include=smtpoutbox")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(
                        "audit",
                        OutboxListener.class,
                        () -> (key, state, attempt) -> told.add(key.value() + " " + state))
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(SmtpOutbox.class)
                            .hasSingleBean(SmtpOutboxWorkers.class);
                    SmtpOutbox outbox = context.getBean(SmtpOutbox.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    context.getBean(SmtpOutboxMetrics.class).bindTo(registry);
                    TransactionTemplate tx = context.getBean(TransactionTemplate.class);
                    tx.executeWithoutResult(status -> {
                        outbox.enqueue(
                                Envelope.builder()
                                        .from("shop@example.com")
                                        .to("ann@example.net")
                                        .key(IdempotencyKey.of("order-1"))
                                        .build(),
                                body("order 1"));
                        status.setRollbackOnly();
                    });
                    server.failAt(Step.END_OF_DATA).deliverThenDisconnect();
                    tx.executeWithoutResult(status -> outbox.enqueue(
                            Envelope.builder()
                                    .from("shop@example.com")
                                    .to("ann@example.net")
                                    .key(IdempotencyKey.of("order-2"))
                                    .build(),
                            body("order 2")));
                    await(() -> outbox.statistics().count(OutboxState.UNCERTAIN) == 1);
                    tx.executeWithoutResult(status -> outbox.enqueue(
                            Envelope.builder()
                                    .from("shop@example.com")
                                    .to("bob@example.net")
                                    .key(IdempotencyKey.of("order-3"))
                                    .build(),
                            body("order 3")));
                    await(() -> outbox.statistics().count(OutboxState.SENT) == 1
                            && outbox.statistics().count(OutboxState.UNCERTAIN) == 1);
                    assertThat(server.messagesWithSubject("order 1")).isEmpty();
                    assertThat(told).containsExactlyInAnyOrder("order-2 UNCERTAIN", "order-3 SENT");

                    SmtpOutboxHealthIndicator health = context.getBean(SmtpOutboxHealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(health.health().getDetails())
                            .containsEntry("uncertain", 1L)
                            .containsEntry("sent", 1L);

                    SmtpOutboxEndpoint endpoint = context.getBean(SmtpOutboxEndpoint.class);
                    assertThat(endpoint.list("uncertain", null)).singleElement().satisfies(e -> {
                        assertThat(e.key()).isEqualTo("order-2");
                        assertThat(e.node()).isNotNull();
                    });
                    Map<String, Object> resolved = endpoint.resolve("order-2", "resend");
                    assertThat(resolved).containsEntry("changed", true);
                    await(() -> outbox.statistics().count(OutboxState.SENT) == 2);
                    assertThat(server.messagesWithSubject("order 2"))
                            .as("resent on purpose")
                            .hasSize(2);
                    assertThat(endpoint.resolve("order-2", "sent")).containsEntry("changed", false);
                    assertThat(endpoint.statistics().get("counts"))
                            .isEqualTo(Map.of(
                                    "pending",
                                    0L,
                                    "sending",
                                    0L,
                                    "retry",
                                    0L,
                                    "sent",
                                    2L,
                                    "failed",
                                    0L,
                                    "uncertain",
                                    0L));

                    assertThat(registry.get("smtp.outbox.attempts")
                                    .tag("outcome", "sent")
                                    .counter()
                                    .count())
                            .isEqualTo(2.0);
                    assertThat(registry.get("smtp.outbox.attempts")
                                    .tag("outcome", "uncertain")
                                    .counter()
                                    .count())
                            .isEqualTo(1.0);
                    assertThat(registry.get("smtp.outbox.messages")
                                    .tag("state", "sent")
                                    .gauge()
                                    .value())
                            .isEqualTo(2.0);
                });
    }

    @Test
    void healthTurnsDownWhenTheOldestWaitingMessageIsTooOld() {
        runner().withPropertyValues("smtp.outbox.workers.enabled=false", "smtp.outbox.health.max-waiting-age=1ms")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(SmtpOutboxWorkers.class);
                    SmtpOutbox outbox = context.getBean(SmtpOutbox.class);
                    SmtpOutboxHealthIndicator health = context.getBean(SmtpOutboxHealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    outbox.enqueue(Envelope.of("shop@example.com", "ann@example.net"), body("waits"));
                    Thread.sleep(20);
                    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.health().getDetails()).containsEntry("pending", 1L);
                    assertThat(server.messages())
                            .as("an instance that only enqueues sends nothing")
                            .isEmpty();
                });
    }

    @Test
    void healthIsDownAndGaugesAreNanWhenTheTableCannotBeRead() {
        SmtpOutbox outbox = SmtpOutbox.create(h2("no-tables")); // the outbox's tables never made
        org.springframework.boot.health.contributor.Health health =
                new SmtpOutboxHealthIndicator(outbox, Duration.ofMinutes(15)).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error")).asString().startsWith("cannot read the outbox");
        MeterRegistry registry = new SimpleMeterRegistry();
        new SmtpOutboxMetrics(outbox).bindTo(registry);
        assertThat(registry.get("smtp.outbox.messages")
                        .tag("state", "pending")
                        .gauge()
                        .value())
                .isNaN();
        assertThat(registry.get("smtp.outbox.oldest.waiting.age").gauge().value())
                .isNaN();
    }

    @Test
    void offWhenDisabledOrWithoutOneDataSourceOrTemplate() {
        runner().withPropertyValues("smtp.outbox.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SmtpOutbox.class));
        runner().withBean("one", DataSource.class, () -> h2("one"))
                .withBean("two", DataSource.class, () -> h2("two"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SmtpOutbox.class));
        runner().withBean("first", SmtpTemplate.class, this::template)
                .withBean("second", SmtpTemplate.class, this::template)
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(SmtpOutbox.class)
                        .doesNotHaveBean(SmtpOutboxWorkers.class));
    }

    @Test
    void aRefusedPropertyIsNamed() {
        for (List<String> bad : List.of(
                List.of("smtp.outbox.workers.threads=0", "smtp.outbox.workers.threads"),
                List.of("smtp.outbox.retry.initial=10m", "smtp.outbox.retry.initial"),
                List.of("smtp.outbox.workers.node-name=a b", "smtp.outbox.workers.node-name"),
                List.of("smtp.outbox.max-age=0s", "smtp.outbox.max-age"))) {
            runner().withPropertyValues(bad.get(0)).run(context -> {
                assertThat(context).hasFailed();
                Throwable cause = context.getStartupFailure();
                while (cause != null && !(cause instanceof InvalidSmtpPropertyException)) {
                    cause = cause.getCause();
                }
                assertThat(cause).as(bad.get(0)).isInstanceOf(InvalidSmtpPropertyException.class);
                assertThat(((InvalidSmtpPropertyException) cause).property()).isEqualTo(bad.get(1));
            });
        }
    }

    private SmtpTemplate template() {
        return SmtpTemplate.of(new dev.netsmtp.session.SimpleSmtpSessionFactory(dev.netsmtp.session.SmtpConfig.builder()
                .host("127.0.0.1")
                .port(server.port())
                .tls(dev.netsmtp.tls.TlsMode.NONE)
                .build()));
    }

    private static DataSource h2(String name) {
        return new DriverManagerDataSource("jdbc:h2:mem:" + name + (++databases) + ";DB_CLOSE_DELAY=-1");
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("reached within 20 s").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
