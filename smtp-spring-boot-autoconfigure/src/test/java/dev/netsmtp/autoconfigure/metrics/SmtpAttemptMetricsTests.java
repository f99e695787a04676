/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpException;
import dev.netsmtp.autoconfigure.PipelinedBatchOfThree;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The counts an observation cannot give: {@code smtp.client.attempts}, each attempt once with its
 * outcome and whether another followed, failures before MAIL included; and
 * {@code smtp.client.recipients.refused}. Through a real context and a scripted server.
 */
class SmtpAttemptMetricsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class, SmtpAutoConfiguration.class, SmtpMetricsAutoConfiguration.class))
            .withPropertyValues("smtp.retry.initial-delay=1ms", "smtp.retry.max-delay=2ms");

    private static final String MESSAGE = "Subject: metrics\r\n\r\nhello\r\n";

    /** A registry the listener counts into, as Boot's metrics binding would do. */
    private static MeterRegistry boundRegistry(org.springframework.context.ApplicationContext context) {
        MeterRegistry registry = new SimpleMeterRegistry();
        context.getBean(SmtpMetricsListener.class).bindTo(registry);
        return registry;
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    @Test
    void a450RetriedThreeTimesIsThreeFailedAttemptsTwoOfThemRetried() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> c.refusesMail(3, "450 4.2.0 mailbox busy"))) {
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + server.port())
                    .run(context -> {
                        MeterRegistry registry = boundRegistry(context);
                        assertThatThrownBy(() -> context.getBean(SmtpTemplate.class)
                                        .send("a@b.example", List.of("x@y.example"), MESSAGE))
                                .isInstanceOf(SmtpException.class);
                        String[] failed = {
                            "smtp.outcome", "failed",
                            "smtp.reply.class", "4xx",
                            "error.type", "SmtpServerBusyException"
                        };
                        assertThat(count(registry, "smtp.client.attempts", with(failed, "smtp.retried", "true")))
                                .isEqualTo(2);
                        assertThat(count(registry, "smtp.client.attempts", with(failed, "smtp.retried", "false")))
                                .isEqualTo(1);
                        assertThat(count(registry, "smtp.client.attempts", "smtp.outcome", "sent"))
                                .isZero();
                    });
            server.verify();
        }
    }

    @Test
    void aServerThatIsDownCountsItsAttemptsWithNoReply() {
        runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=1", "smtp.retry.max-attempts=2")
                .run(context -> {
                    MeterRegistry registry = boundRegistry(context);
                    assertThatThrownBy(() -> context.getBean(SmtpTemplate.class)
                                    .send("a@b.example", List.of("x@y.example"), MESSAGE))
                            .isInstanceOf(SmtpException.class);
                    assertThat(count(
                                    registry,
                                    "smtp.client.attempts",
                                    "smtp.reply.class",
                                    "none",
                                    "error.type",
                                    "SmtpConnectionException"))
                            .isEqualTo(2);
                });
    }

    @Test
    void aPipelinedBatchCountsEachMessagesAttemptAndTheRefusedRecipient() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(PipelinedBatchOfThree::sentRefusedSent)) {
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + server.port())
                    .run(context -> {
                        MeterRegistry registry = boundRegistry(context);
                        context.getBean(SmtpTemplate.class).sendAll(PipelinedBatchOfThree.messages());
                        assertThat(count(registry, "smtp.client.attempts", "smtp.outcome", "sent"))
                                .isEqualTo(2);
                        assertThat(count(
                                        registry,
                                        "smtp.client.attempts",
                                        "smtp.outcome",
                                        "failed",
                                        "smtp.reply.class",
                                        "5xx"))
                                .isEqualTo(1);
                        assertThat(registry.find("smtp.client.attempts").counters())
                                .allSatisfy(c -> assertThat(c.getId().getTags().toString())
                                        .doesNotContain("y.example"));
                    });
            server.verify();
        }
    }

    @Test
    void aSentMessageIsOneSentAttemptAndNoTimerOfItsOwn() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Conversation::deliversOneMessage)) {
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + server.port())
                    .run(context -> {
                        MeterRegistry registry = boundRegistry(context);
                        context.getBean(SmtpTemplate.class).send("a@b.example", List.of("x@y.example"), MESSAGE);
                        assertThat(count(
                                        registry,
                                        "smtp.client.attempts",
                                        "smtp.outcome",
                                        "sent",
                                        "smtp.retried",
                                        "false"))
                                .isEqualTo(1);
                        assertThat(registry.find("smtp.send").timers()).isEmpty();
                        assertThat(registry.find("smtp.messages").counters()).isEmpty();
                    });
            server.verify();
        }
    }

    private static String[] with(String[] tags, String... more) {
        String[] out = java.util.Arrays.copyOf(tags, tags.length + more.length);
        System.arraycopy(more, 0, out, tags.length, more.length);
        return out;
    }
}
