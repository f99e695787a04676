/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.autoconfigure.InvalidSmtpPropertyException;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.SmtpConfigCustomizer;
import dev.netsmtp.autoconfigure.metrics.SmtpMetricsAutoConfiguration;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.tls.TlsSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code smtp.throttle.*}: the auto-configured template sends at an adaptive rate, backs off from a
 * server that throttles, sends every message once, and shows its rate as the
 * {@code smtp.client.send.rate} gauge; values that cannot work fail naming the property.
 */
@Timeout(120)
class SmtpThrottlePropertiesTests {

    private static ApplicationContextRunner runner(SmtpTestServer server, String... more) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SslAutoConfiguration.class, SmtpAutoConfiguration.class, SmtpMetricsAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(
                        SmtpConfigCustomizer.class, () -> b -> b.sslContext(TlsSettings.trusting(server.trustStore())))
                .withPropertyValues(
                        "smtp.host=localhost",
                        "smtp.port=" + server.port(),
                        "smtp.retry.max-attempts=20",
                        "smtp.retry.initial-delay=10ms",
                        "smtp.retry.max-delay=10ms")
                .withPropertyValues(more);
    }

    /** The template and Boot's JavaMailSender over it, against the server, trusting it. */
    private static ApplicationContextRunner bridgeRunner(SmtpTestServer server) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SslAutoConfiguration.class,
                        SmtpAutoConfiguration.class,
                        dev.netsmtp.autoconfigure.mail.SmtpJavaMailSenderAutoConfiguration.class,
                        org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration.class))
                .withBean(
                        SmtpConfigCustomizer.class, () -> b -> b.sslContext(TlsSettings.trusting(server.trustStore())))
                .withPropertyValues("smtp.host=localhost", "smtp.port=" + server.port());
    }

    private static void bridgeSend(org.springframework.mail.javamail.JavaMailSender mail, String subject) {
        org.springframework.mail.SimpleMailMessage m = new org.springframework.mail.SimpleMailMessage();
        m.setFrom("shop@example.com");
        m.setTo("ann@example.net");
        m.setSubject(subject);
        m.setText("hi");
        mail.send(m);
    }

    /** Runs {@code send(0..count-1)} on four threads and waits for every one. */
    private static void onFourThreads(int count, java.util.function.IntConsumer send) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                sends.add(threads.submit(() -> send.accept(n)));
            }
            for (Future<?> f : sends) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theTemplateBacksOffFromAThrottlingServerAndShowsItsRate() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().throttle(100).start()) {
            runner(server, "smtp.throttle.enabled=true", "smtp.throttle.initial-rate=300")
                    .run(context -> {
                        SmtpTemplate template = context.getBean(SmtpTemplate.class);
                        ExecutorService threads = Executors.newFixedThreadPool(4);
                        try {
                            List<Future<?>> sends = new ArrayList<>();
                            for (int i = 0; i < 400; i++) {
                                String subject = "boot-throttle-" + i;
                                sends.add(threads.submit(() -> template.send(
                                        "shop@example.com",
                                        List.of("ann@example.net"),
                                        "Subject: " + subject + "\r\n\r\nhi\r\n")));
                            }
                            for (Future<?> f : sends) {
                                f.get(60, TimeUnit.SECONDS);
                            }
                        } finally {
                            threads.shutdownNow();
                        }
                        assertThat(server.throttledCount())
                                .as("the server did throttle")
                                .isPositive();
                        MeterRegistry registry = context.getBean(MeterRegistry.class);
                        // Boot's metrics auto-configuration binds MeterBinder beans; here the test does.
                        context.getBean("smtpThrottleMetrics", io.micrometer.core.instrument.binder.MeterBinder.class)
                                .bindTo(registry);
                        double gauge = registry.get("smtp.client.send.rate")
                                .tag("template.name", "smtpTemplate")
                                .gauge()
                                .value();
                        assertThat(gauge)
                                .isEqualTo(template.currentRate().orElseThrow())
                                .isLessThan(300);
                    });
            for (int i = 0; i < 400; i++) {
                assertThat(server.messagesWithSubject("boot-throttle-" + i)).hasSize(1);
            }
        }
    }

    @Test
    void theJavaMailSenderBridgeGoesThroughTheSamePolicy() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().throttle(80).start()) {
            bridgeRunner(server)
                    .withPropertyValues(
                            "smtp.retry.max-attempts=20",
                            "smtp.retry.initial-delay=10ms",
                            "smtp.retry.max-delay=10ms",
                            "smtp.throttle.enabled=true",
                            "smtp.throttle.initial-rate=300")
                    .run(context -> {
                        org.springframework.mail.javamail.JavaMailSender mail =
                                context.getBean(org.springframework.mail.javamail.JavaMailSender.class);
                        onFourThreads(200, i -> bridgeSend(mail, "bridge-throttle-" + i));
                        assertThat(context.getBean(SmtpTemplate.class)
                                        .currentRate()
                                        .orElseThrow())
                                .isLessThan(300);
                    });
            assertThat(server.throttledCount()).isPositive();
            for (int i = 0; i < 200; i++) {
                assertThat(server.messagesWithSubject("bridge-throttle-" + i)).hasSize(1);
            }
        }
    }

    @Test
    void aPresetAndASendBudgetBeanApplyToTheTemplate() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().start()) {
            runner(server, "smtp.throttle.preset=microsoft-365").run(context -> assertThat(
                            context.getBean(SmtpTemplate.class).currentRate())
                    .hasValue(0.5));
            runner(server, "smtp.throttle.preset=amazon-ses-sandbox").run(context -> assertThat(
                            context.getBean(SmtpTemplate.class).currentRate())
                    .hasValue(1.0));
            java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
            runner(server)
                    .withBean(dev.netsmtp.throttle.SendBudget.class, () -> deadline -> {
                        taken.incrementAndGet();
                        return true;
                    })
                    .run(context -> context.getBean(SmtpTemplate.class)
                            .send("shop@example.com", List.of("ann@example.net"), "Subject: budgeted\r\n\r\nhi\r\n"));
            assertThat(taken).as("the budget bean was asked for the send").hasValue(1);
            runner(server, "smtp.throttle.preset=google-workspace-relay").run(context -> assertThat(
                            context.getBean(SmtpTemplate.class).currentRate())
                    .hasValue(50.0));
            runner(server, "smtp.throttle.preset=gmail").run(context -> {
                assertThat(context).hasFailed();
                Throwable t = context.getStartupFailure();
                while (t != null && !(t instanceof InvalidSmtpPropertyException)) {
                    t = t.getCause();
                }
                assertThat(((InvalidSmtpPropertyException) t).property()).isEqualTo("smtp.throttle.preset");
            });
        }
    }

    @Test
    void valuesThatCannotWorkFailNamingTheProperty() {
        try (SmtpTestServer server = SmtpTestServer.builder().start()) {
            runner(server, "smtp.throttle.enabled=true", "smtp.throttle.decrease=1.5")
                    .run(context -> {
                        assertThat(context).hasFailed();
                        Throwable t = context.getStartupFailure();
                        while (t != null && !(t instanceof InvalidSmtpPropertyException)) {
                            t = t.getCause();
                        }
                        assertThat(t).isInstanceOf(InvalidSmtpPropertyException.class);
                        assertThat(((InvalidSmtpPropertyException) t).property())
                                .isEqualTo("smtp.throttle");
                        assertThat(t.getMessage()).contains("decrease");
                    });
            runner(server).run(context -> assertThat(
                            context.getBean(SmtpTemplate.class).currentRate())
                    .isEmpty());
        }
    }

    @Test
    void thePoolKeepsWithinThePolicysConnectionLimits() {
        try (SmtpTestServer server = SmtpTestServer.builder().start()) {
            runner(server, "smtp.throttle.preset=microsoft-365", "smtp.pool.max-total=8")
                    .run(context -> assertThat(context.getBean(dev.netsmtp.pool.PooledSmtpSessionFactory.class)
                                    .poolConfig()
                                    .maxTotal())
                            .as("Microsoft 365 takes 3 connections at once")
                            .isEqualTo(3));
            runner(
                            server,
                            "smtp.throttle.enabled=true",
                            "smtp.throttle.max-connections=2",
                            "smtp.throttle.max-messages-per-connection=5")
                    .run(context -> {
                        dev.netsmtp.pool.PoolConfig pool = context.getBean(
                                        dev.netsmtp.pool.PooledSmtpSessionFactory.class)
                                .poolConfig();
                        assertThat(pool.maxTotal()).isEqualTo(2);
                        assertThat(pool.maxMessagesPerSession()).isEqualTo(5);
                    });
            for (String bad : List.of("max-connections", "max-messages-per-connection")) {
                runner(server, "smtp.throttle.enabled=true", "smtp.throttle." + bad + "=0")
                        .run(context -> {
                            assertThat(context).hasFailed();
                            Throwable t = context.getStartupFailure();
                            while (t != null && !(t instanceof InvalidSmtpPropertyException)) {
                                t = t.getCause();
                            }
                            assertThat(((InvalidSmtpPropertyException) t).property())
                                    .isEqualTo("smtp.throttle." + bad);
                        });
            }
        }
    }

    @Test
    void theJavaMailSenderBridgeAndTheTemplateStayWithinAServersConnectionLimits() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder()
                .connectionLimit(2)
                .messagesPerConnection(5)
                .start()) {
            bridgeRunner(server)
                    .withPropertyValues(
                            "smtp.pool.max-total=8",
                            "smtp.throttle.enabled=true",
                            "smtp.throttle.initial-rate=1000",
                            "smtp.throttle.max-connections=2",
                            "smtp.throttle.max-messages-per-connection=5")
                    .run(context -> {
                        org.springframework.mail.javamail.JavaMailSender mail =
                                context.getBean(org.springframework.mail.javamail.JavaMailSender.class);
                        SmtpTemplate template = context.getBean(SmtpTemplate.class);
                        onFourThreads(60, i -> {
                            if (i % 2 == 0) {
                                bridgeSend(mail, "limits-" + i);
                            } else {
                                template.send(
                                        "shop@example.com",
                                        List.of("ann@example.net"),
                                        "Subject: limits-" + i + "\r\n\r\nhi\r\n");
                            }
                        });
                    });
            assertThat(server.throttledCount()).as("refusals").isZero();
            for (int i = 0; i < 60; i++) {
                assertThat(server.messagesWithSubject("limits-" + i)).hasSize(1);
            }
            assertThat(server.connectionCount()).isGreaterThanOrEqualTo(60 / 5);
        }
    }
}
