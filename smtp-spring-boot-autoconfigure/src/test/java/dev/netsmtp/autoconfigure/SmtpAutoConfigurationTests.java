/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.netsmtp.SendResult;
import dev.netsmtp.autoconfigure.health.SmtpHealthContributorAutoConfiguration;
import dev.netsmtp.autoconfigure.health.SmtpHealthIndicator;
import dev.netsmtp.autoconfigure.metrics.SmtpMetricsAutoConfiguration;
import dev.netsmtp.autoconfigure.metrics.SmtpMetricsListener;
import dev.netsmtp.autoconfigure.metrics.SmtpPoolMetrics;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SimpleSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.tls.TlsMode;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class SmtpAutoConfigurationTests {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class,
                    SmtpAutoConfiguration.class,
                    SmtpHealthContributorAutoConfiguration.class,
                    SmtpMetricsAutoConfiguration.class));

    private String[] greenMailProperties(String... more) {
        List<String> props = new ArrayList<>(List.of(
                "smtp.host=127.0.0.1", "smtp.port=" + greenMail.getSmtp().getPort()));
        props.addAll(List.of(more));
        return props.toArray(String[]::new);
    }

    private static String failure(AssertableApplicationContext context) {
        Throwable failure = context.getStartupFailure();
        assertThat(failure).isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidSmtpPropertyException invalid) {
                return invalid.getMessage() + "\n" + invalid.action();
            }
        }
        throw new AssertionError("no InvalidSmtpPropertyException in " + failure, failure);
    }

    @Test
    void withoutAHostNothingIsConfigured() {
        runner.run(context -> assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(SmtpSessionFactory.class)
                .doesNotHaveBean(SmtpTemplate.class)
                .doesNotHaveBean(SmtpHealthIndicator.class));
    }

    @Test
    void propertiesMakeAPooledFactoryAndATemplateThatSend() {
        runner.withPropertyValues(greenMailProperties("smtp.pool.max-total=3", "smtp.helo=app.example.com"))
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(PooledSmtpSessionFactory.class)
                            .hasSingleBean(SmtpTemplate.class);
                    PooledSmtpSessionFactory factory = context.getBean(PooledSmtpSessionFactory.class);
                    assertThat(factory.poolConfig().maxTotal()).isEqualTo(3);
                    SendResult result = context.getBean(SmtpTemplate.class)
                            .send("app@example.com", List.of("user@example.com"), "Subject: boot\r\n\r\nhi\r\n");
                    assertThat(result.reply().code()).isEqualTo(250);
                });
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void hostsListAloneTurnsItOn() {
        runner.withPropertyValues(
                        "smtp.hosts[0]=127.0.0.1:" + greenMail.getSmtp().getPort(), "smtp.hosts[1]=127.0.0.1:1")
                .run(context -> {
                    assertThat(context).hasSingleBean(SmtpTemplate.class);
                    context.getBean(SmtpTemplate.class).send("a@example.com", List.of("b@example.com"), "x\r\n");
                });
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void userBeansMakeOursBackOff() {
        runner.withPropertyValues(greenMailProperties())
                .withUserConfiguration(OwnBeans.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(SmtpSessionFactory.class).hasSingleBean(SmtpTemplate.class);
                    assertThat(context.getBean(SmtpSessionFactory.class)).isInstanceOf(SimpleSmtpSessionFactory.class);
                    assertThat(context.getBean(SmtpTemplate.class)).isSameAs(context.getBean("ownTemplate"));
                    assertThat(context).doesNotHaveBean(SmtpPoolMetrics.class);
                });
    }

    @Test
    void customizersAndListenerBeansApply() {
        List<String> commands = new ArrayList<>();
        runner.withPropertyValues(greenMailProperties())
                .withBean(SmtpConfigCustomizer.class, () -> b -> b.helo("customized.example.com"))
                .withBean("recorder", SmtpListener.class, () -> new SmtpListener() {
                    @Override
                    public void commandSent(String command) {
                        commands.add(command);
                    }
                })
                .run(context ->
                        context.getBean(SmtpTemplate.class).send("a@example.com", List.of("b@example.com"), "x\r\n"));
        assertThat(commands).contains("EHLO customized.example.com", "MAIL FROM:<a@example.com>");
    }

    @Test
    void badPortFailsNamingTheProperty() {
        runner.withPropertyValues("smtp.host=localhost", "smtp.port=70000")
                .run(context ->
                        assertThat(failure(context)).contains("smtp.port").contains("70000"));
    }

    @Test
    void badWriteAndFinalReplyTimeoutsFailNamingTheProperty() {
        runner.withPropertyValues("smtp.host=localhost", "smtp.timeouts.write=0s")
                .run(context -> assertThat(failure(context)).contains("smtp.timeouts.write"));
        runner.withPropertyValues("smtp.host=localhost", "smtp.timeouts.final-reply=-1s")
                .run(context -> assertThat(failure(context)).contains("smtp.timeouts.final-reply"));
    }

    @Test
    void credentialsWithoutTlsFailNamingTheSetting() {
        runner.withPropertyValues(
                        "smtp.host=localhost",
                        "smtp.tls.mode=none",
                        "smtp.auth.username=u",
                        "smtp.auth.password=secret-pw")
                .run(context -> {
                    String text = failure(context);
                    assertThat(text)
                            .contains("smtp.auth.allow-without-tls", "smtp.tls.mode")
                            .doesNotContain("secret-pw");
                });
    }

    /** The TLS settings the properties produce, as the first customizer sees them. */
    private static dev.netsmtp.tls.TlsSettings tlsOf(ApplicationContextRunner runner, String... properties) {
        java.util.concurrent.atomic.AtomicReference<dev.netsmtp.tls.TlsSettings> seen =
                new java.util.concurrent.atomic.AtomicReference<>();
        runner.withPropertyValues(properties)
                .withBean(
                        SmtpConfigCustomizer.class,
                        () -> b -> seen.set(b.build().tls()))
                .run(context -> assertThat(context).hasNotFailed());
        return seen.get();
    }

    @Test
    void theDefaultIsVerifiedStartTlsAndCredentialsNeedNoMoreSettings() {
        var tls = tlsOf(runner, "smtp.host=localhost", "smtp.auth.username=u", "smtp.auth.password=secret-pw");
        assertThat(tls.mode()).isEqualTo(dev.netsmtp.tls.TlsMode.STARTTLS);
        assertThat(tls.verifyCertificate()).isTrue();
        assertThat(tls.verifyHostname()).isTrue();
        var unverified = tlsOf(runner, "smtp.host=localhost", "smtp.ssl.verify-certificate=false");
        assertThat(unverified.verifyCertificate()).isFalse();
        assertThat(unverified.verifyHostname()).isTrue();
    }

    @Test
    void requireTlsAsksItOfEveryMessageAndNothingGoesOverClearText() {
        runner.withPropertyValues(greenMailProperties("smtp.require-tls=true")).run(context -> {
            // GreenMail offers no STARTTLS: the message must not go.
            assertThatThrownBy(() -> context.getBean(SmtpTemplate.class)
                            .send("a@example.com", List.of("b@example.com"), "Subject: x\r\n\r\nx\r\n"))
                    .isInstanceOf(dev.netsmtp.SmtpTlsException.class)
                    .hasMessageContaining("REQUIRETLS");
            assertThat(greenMail.getReceivedMessages()).isEmpty();
        });
    }

    @Test
    void unknownSslBundleFailsNamingTheProperty() {
        runner.withPropertyValues("smtp.host=localhost", "smtp.tls.mode=implicit", "smtp.ssl.bundle=missing")
                .run(context -> assertThat(failure(context)).contains("smtp.ssl.bundle", "missing"));
    }

    @Test
    void relaxedBindingOfTheTlsMode() {
        runner.withPropertyValues("smtp.host=localhost", "smtp.tls.mode=starttls-required")
                .run(context -> {
                    SmtpProperties props = context.getBean(SmtpProperties.class);
                    assertThat(props.tls().mode()).isEqualTo(TlsMode.STARTTLS_REQUIRED);
                });
    }

    @Test
    void healthIsUpWithPoolDetailsAndTheProbeIsCached() {
        runner.withPropertyValues(greenMailProperties()).run(context -> {
            HealthIndicator health = context.getBean("smtpHealthContributor", HealthIndicator.class);
            var first = health.health();
            assertThat(first.getStatus()).isEqualTo(Status.UP);
            assertThat(first.getDetails()).containsKeys("pool.active", "pool.idle", "reply");
            PooledSmtpSessionFactory factory = context.getBean(PooledSmtpSessionFactory.class);
            long borrowed = factory.stats().borrowed();
            health.health();
            assertThat(factory.stats().borrowed())
                    .as("second check served from cache")
                    .isEqualTo(borrowed);
        });
    }

    @Test
    void healthIsDownWhenTheServerIsUnreachable() {
        runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=1", "smtp.timeouts.connect=1s")
                .run(context -> {
                    var health = context.getBean("smtpHealthContributor", HealthIndicator.class)
                            .health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(String.valueOf(health.getDetails().get("error"))).contains("127.0.0.1:1");
                });
    }

    @Test
    void healthCanBeTurnedOffAndBacksOffWithoutTheHealthModule() {
        runner.withPropertyValues(greenMailProperties("management.health.smtp.enabled=false"))
                .run(context -> assertThat(context).doesNotHaveBean(SmtpHealthIndicator.class));
        runner.withPropertyValues(greenMailProperties())
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SmtpHealthIndicator.class));
    }

    @Test
    void metricsCountSendsWithoutPersonalDataAndBackOffWithoutMicrometer() {
        runner.withPropertyValues(greenMailProperties()).run(context -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(SmtpMetricsListener.class).bindTo(registry);
            context.getBean(SmtpPoolMetrics.class).bindTo(registry);
            context.getBean(SmtpTemplate.class).send("a@example.com", List.of("b@example.com"), "x\r\n");
            assertThat(registry.get("smtp.client.attempts")
                            .tag("smtp.outcome", "sent")
                            .tag("smtp.reply.class", "2xx")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(registry.get("smtp.client.connection.count")
                            .tag("state", "idle")
                            .tag("pool.name", "smtpSessionFactory")
                            .gauge()
                            .value())
                    .isEqualTo(1.0);
            assertThat(registry.getMeters())
                    .allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain("example.com"));
        });
        runner.withPropertyValues(greenMailProperties())
                .withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SmtpMetricsListener.class));
    }

    @Test
    void closingTheContextClosesThePool() {
        PooledSmtpSessionFactory[] factory = new PooledSmtpSessionFactory[1];
        runner.withPropertyValues(greenMailProperties()).run(context -> {
            factory[0] = context.getBean(PooledSmtpSessionFactory.class);
            context.getBean(SmtpTemplate.class).send("a@example.com", List.of("b@example.com"), "x\r\n");
            assertThat(factory[0].stats().idle()).isEqualTo(1);
        });
        assertThat(factory[0].stats().idle()).isZero();
        assertThat(factory[0].stats().destroyed()).isEqualTo(1);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        @Bean
        SmtpSessionFactory ownFactory() {
            return new SimpleSmtpSessionFactory(SmtpConfig.builder()
                    .host("127.0.0.1")
                    .port(greenMail.getSmtp().getPort())
                    .connectTimeout(Duration.ofSeconds(2))
                    .build());
        }

        @Bean
        SmtpTemplate ownTemplate(SmtpSessionFactory factory) {
            return SmtpTemplate.of(factory);
        }
    }
}
