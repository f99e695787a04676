/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpException;
import dev.netsmtp.autoconfigure.PipelinedBatchOfThree;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.SmtpConfigCustomizer;
import dev.netsmtp.observation.DefaultSmtpObservationConvention;
import dev.netsmtp.observation.SmtpObservationConvention;
import dev.netsmtp.observation.SmtpObservationDocumentation.Events;
import dev.netsmtp.observation.SmtpSendContext;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.testing.TestCertificates;
import dev.netsmtp.tls.TlsSettings;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;

/**
 * The auto-configured template observes every send (one observation per message, OpenTelemetry's
 * keys, no personal data), the factory adds a new connection's events to it, and a convention bean
 * renames it: the Boot wiring of the core's observation.
 */
class SmtpObservationTests {

    private final TestObservationRegistry observations = TestObservationRegistry.create();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class, SmtpAutoConfiguration.class, SmtpObservationAutoConfiguration.class))
            .withBean(ObservationRegistry.class, () -> observations)
            .withPropertyValues("smtp.retry.initial-delay=1ms", "smtp.retry.max-delay=2ms");

    @Test
    void aSentMessageIsOneObservationWithItsServerAndOutcome() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Conversation::deliversOneMessage)) {
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + server.port())
                    .run(context -> {
                        context.getBean(SmtpTemplate.class)
                                .send("alice@b.example", List.of("bob@y.example"), "Subject: secret\r\n\r\nhi\r\n");
                        TestObservationRegistryAssert.assertThat(observations)
                                .hasNumberOfObservationsWithNameEqualTo(DefaultSmtpObservationConvention.NAME, 1)
                                .hasObservationWithNameEqualTo(DefaultSmtpObservationConvention.NAME)
                                .that()
                                .hasBeenStarted()
                                .hasBeenStopped()
                                .hasLowCardinalityKeyValue("server.address", "127.0.0.1")
                                .hasLowCardinalityKeyValue("server.port", Integer.toString(server.port()))
                                .hasLowCardinalityKeyValue("smtp.outcome", "sent")
                                .hasLowCardinalityKeyValue("smtp.reply.class", "2xx")
                                .hasLowCardinalityKeyValue("error.type", "none")
                                .doesNotHaveLowCardinalityKeyValueWithKey("smtp.recipient")
                                .hasEvent(Events.CONNECTED.getName());
                    });
            server.verify();
        }
    }

    @Test
    void aNewSessionsTlsAndAuthAreEventsOfTheObservation() throws Exception {
        TestCertificates certs = TestCertificates.selfSigned("127.0.0.1");
        SSLContext serverContext = certs.serverContext();
        SSLContext clientTrust = TlsSettings.trusting(certs.trustStore());
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("STARTTLS");
            c.expect("STARTTLS");
            c.reply("220 2.0.0 go ahead");
            c.startTls(serverContext);
            c.expect("EHLO");
            c.reply("250-scripted.test", "250-AUTH PLAIN", "250 PIPELINING");
            c.expect("AUTH PLAIN ");
            c.reply("235 2.7.0 ok");
            c.envelopeTo354();
            c.readData();
            c.reply("250 2.0.0 queued");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            runner.withPropertyValues(
                            "smtp.host=127.0.0.1",
                            "smtp.port=" + server.port(),
                            "smtp.tls.mode=starttls-required",
                            "smtp.auth.username=app",
                            "smtp.auth.password=app-secret")
                    .withBean(SmtpConfigCustomizer.class, () -> b -> b.sslContext(clientTrust))
                    .run(context -> {
                        context.getBean(SmtpTemplate.class)
                                .send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n");
                        TestObservationRegistryAssert.assertThat(observations)
                                .hasObservationWithNameEqualTo(DefaultSmtpObservationConvention.NAME)
                                .that()
                                .hasEvent(Events.CONNECTED.getName())
                                .hasEvent(Events.TLS.getName())
                                .hasEvent(Events.AUTHENTICATED.getName())
                                .hasLowCardinalityKeyValue("smtp.outcome", "sent");
                    });
            server.verify();
        }
    }

    @Test
    void aFailedMessageCarriesItsErrorTypeReplyClassAndEachFailedAttempt() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> c.refusesMail(3, "450 4.2.0 mailbox busy"))) {
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + server.port())
                    .run(context -> {
                        assertThatThrownBy(() -> context.getBean(SmtpTemplate.class)
                                        .send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n"))
                                .isInstanceOf(SmtpException.class);
                        TestObservationRegistryAssert.assertThat(observations)
                                .hasNumberOfObservationsWithNameEqualTo(DefaultSmtpObservationConvention.NAME, 1)
                                .hasObservationWithNameEqualTo(DefaultSmtpObservationConvention.NAME)
                                .that()
                                .hasBeenStopped()
                                .hasLowCardinalityKeyValue("smtp.outcome", "failed")
                                .hasLowCardinalityKeyValue("smtp.reply.class", "4xx")
                                .hasLowCardinalityKeyValue("smtp.enhanced_status.class", "4")
                                .hasLowCardinalityKeyValue("error.type", "SmtpServerBusyException")
                                .hasHighCardinalityKeyValue("smtp.attempts", "3")
                                .hasEvent(Events.ATTEMPT_FAILED.getName())
                                .assertThatError()
                                .isInstanceOf(SmtpException.class);
                    });
            server.verify();
        }
    }

    @Test
    void aPipelinedBatchIsOneObservationPerMessageEachWithItsOwnOutcome() throws Exception {
        // The next message starts before the previous one ends: each observation must still end
        // with its own message's outcome.
        List<String> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
        observations.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
            @Override
            public void onStop(io.micrometer.observation.Observation.Context context) {
                stopped.add(context.getLowCardinalityKeyValue("smtp.outcome").getValue());
            }

            @Override
            public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
                return true;
            }
        });
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(PipelinedBatchOfThree::sentRefusedSent)) {
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + server.port())
                    .run(context -> {
                        context.getBean(SmtpTemplate.class).sendAll(PipelinedBatchOfThree.messages());
                        TestObservationRegistryAssert.assertThat(observations)
                                .hasNumberOfObservationsWithNameEqualTo(DefaultSmtpObservationConvention.NAME, 3);
                        org.assertj.core.api.Assertions.assertThat(stopped).containsExactly("sent", "failed", "sent");
                    });
            server.verify();
        }
    }

    @Test
    void aConventionBeanNamesTheObservationAndItsKeys() throws Exception {
        SmtpObservationConvention renamed = new DefaultSmtpObservationConvention() {
            @Override
            public String getName() {
                return "mail.outbound";
            }

            @Override
            public KeyValues getLowCardinalityKeyValues(SmtpSendContext context) {
                return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
            }
        };
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Conversation::deliversOneMessage)) {
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + server.port())
                    .withBean(SmtpObservationConvention.class, () -> renamed)
                    .run(context -> {
                        context.getBean(SmtpTemplate.class)
                                .send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n");
                        TestObservationRegistryAssert.assertThat(observations)
                                .hasObservationWithNameEqualTo("mail.outbound")
                                .that()
                                .hasLowCardinalityKeyValue("tenant", "acme")
                                .hasLowCardinalityKeyValue("smtp.outcome", "sent");
                    });
            server.verify();
        }
    }

    @Test
    void theReadmesConventionBeanTagsEverySendWithTheTenant() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Conversation::deliversOneMessage)) {
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + server.port(), "app.tenant=acme")
                    .withUserConfiguration(TenantConvention.class)
                    .run(context -> {
                        context.getBean(SmtpTemplate.class)
                                .send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n");
                        TestObservationRegistryAssert.assertThat(observations)
                                .hasObservationWithNameEqualTo(DefaultSmtpObservationConvention.NAME)
                                .that()
                                .hasLowCardinalityKeyValue("tenant", "acme");
                    });
            server.verify();
        }
    }

    /** The README's convention bean, as it stands there. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class TenantConvention {
        @Bean
        SmtpObservationConvention tenantTaggedSends(@Value("${app.tenant}") String tenant) {
            return new DefaultSmtpObservationConvention() {
                @Override
                public KeyValues getLowCardinalityKeyValues(SmtpSendContext context) {
                    return super.getLowCardinalityKeyValues(context).and("tenant", tenant);
                }
            };
        }
    }

    @Test
    void withoutAnObservationRegistryBeanNothingIsWired() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SslAutoConfiguration.class,
                        SmtpAutoConfiguration.class,
                        SmtpObservationAutoConfiguration.class))
                .withPropertyValues("smtp.host=127.0.0.1")
                .run(context -> org.assertj.core.api.Assertions.assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(SmtpTemplate.class)
                        .doesNotHaveBean(dev.netsmtp.observation.SmtpObservationEvents.class));
    }
}
