/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.observation.SmtpObservationAutoConfiguration;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * With Boot's own metrics and observation auto-configuration, as an Actuator application has them,
 * a send is timed once: by its observation, as {@code smtp.client.send}, with the convention's
 * tags; no other smtp timer exists.
 */
class SmtpSendTimerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ObservationAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class,
                    SslAutoConfiguration.class,
                    SmtpAutoConfiguration.class,
                    SmtpMetricsAutoConfiguration.class,
                    SmtpObservationAutoConfiguration.class));

    @Test
    void oneTimerPerSendAndItIsTheObservations() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Conversation::deliversOneMessage)) {
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + server.port())
                    .run(context -> {
                        context.getBean(SmtpTemplate.class)
                                .send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n");
                        MeterRegistry registry = context.getBean(MeterRegistry.class);
                        List<Timer> timers = registry.getMeters().stream()
                                .filter(m -> m instanceof Timer
                                        && m.getId().getName().startsWith("smtp"))
                                .map(Timer.class::cast)
                                .toList();
                        assertThat(timers).singleElement().satisfies(t -> {
                            assertThat(t.getId().getName()).isEqualTo("smtp.client.send");
                            assertThat(t.count()).isEqualTo(1);
                            assertThat(t.getId().getTag("smtp.outcome")).isEqualTo("sent");
                            assertThat(t.getId().getTag("server.address")).isEqualTo("127.0.0.1");
                            assertThat(t.getId().getTag("server.port")).isEqualTo(Integer.toString(server.port()));
                        });
                        assertThat(registry.find("smtp.client.send.connected").counter())
                                .as("the new connection, as an event of the observation")
                                .isNotNull();
                        assertThat(registry.find("smtp.client.attempts").counter())
                                .isNotNull();
                    });
            server.verify();
        }
    }
}
