/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.SinkServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * A transactional pool and a bulk pool in one application with Actuator, started as a user's
 * application starts: it starts, health has one entry per factory under {@code smtp}, each pool's
 * gauges carry its bean name; a template per factory made by {@link SmtpTemplates} sends through
 * each, and with one factory {@code @Primary} and no template of the application's own the
 * auto-configured template uses it.
 */
class SeveralFactoriesTests {

    private static SinkServer transactionalServer;
    private static SinkServer bulkServer;

    @BeforeAll
    static void servers() throws Exception {
        transactionalServer = SinkServer.start();
        bulkServer = SinkServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        transactionalServer.close();
        bulkServer.close();
    }

    private static ConfigurableApplicationContext start(Class<?> app, String... more) {
        SpringApplication application = new SpringApplication(app);
        application.setWebApplicationType(WebApplicationType.NONE);
        List<String> args = new java.util.ArrayList<>(List.of(
                "--management.endpoint.health.show-components=always",
                "--management.endpoint.health.show-details=always",
                "--management.endpoints.access.default=read-only"));
        args.addAll(List.of(more));
        return application.run(args.toArray(String[]::new));
    }

    @Test
    void twoFactoriesStartWithAHealthEntryAndTaggedGaugesEach() {
        try (ConfigurableApplicationContext context = start(TwoPools.class)) {
            var smtp = context.getBean(HealthEndpoint.class).healthForPath("smtp");
            assertThat(smtp).isInstanceOfSatisfying(CompositeHealthDescriptor.class, composite -> {
                assertThat(composite.getComponents()).containsOnlyKeys("transactional", "bulk");
                assertThat(composite.getStatus()).isEqualTo(Status.UP);
            });

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (String pool : List.of("transactional", "bulk")) {
                assertThat(registry.get("smtp.client.connection.max")
                                .tag("pool.name", pool)
                                .gauge()
                                .value())
                        .isEqualTo(pool.equals("bulk") ? 16 : 4);
                assertThat(registry.get("smtp.client.connection.count")
                                .tag("pool.name", pool)
                                .tag("state", "idle")
                                .gauge()
                                .getId()
                                .getBaseUnit())
                        .isEqualTo("connections");
            }
            assertThat(context.getBeanNamesForType(SmtpTemplate.class)).isEmpty();
        }
    }

    @Test
    void aTemplatePerFactoryMadeAsTheAutoConfiguredOneIs() {
        int transactionalBefore = transactionalServer.messages();
        int bulkBefore = bulkServer.messages();
        try (ConfigurableApplicationContext context = start(
                MailPools.class,
                "--mail.transactional.host=127.0.0.1",
                "--mail.transactional.port="
                        + transactionalServer.config().build().port(),
                "--mail.bulk.host=127.0.0.1",
                "--mail.bulk.port=" + bulkServer.config().build().port())) {
            // The README's MailPools: a template per factory, each made as the auto-configured
            // one is (smtp.*, listeners, observation), the transactional one @Primary.
            assertThat(context.getBeanNamesForType(SmtpTemplate.class))
                    .containsExactlyInAnyOrder("transactionalTemplate", "bulkTemplate");
            context.getBean(SmtpTemplate.class).send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n");
            context.getBean("bulkTemplate", SmtpTemplate.class)
                    .send("a@b.example", List.of("x@y.example"), "Subject: b\r\n\r\nhi\r\n");
            assertThat(transactionalServer.messages()).isEqualTo(transactionalBefore + 1);
            assertThat(bulkServer.messages()).isEqualTo(bulkBefore + 1);
            // Each observed, tagged with the server its own factory used.
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (SinkServer server : List.of(transactionalServer, bulkServer)) {
                assertThat(registry.get("smtp.client.send")
                                .tag(
                                        "server.port",
                                        Integer.toString(server.config().build().port()))
                                .timer()
                                .count())
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void withOneFactoryPrimaryTheAutoConfiguredTemplateUsesIt() {
        int before = bulkServer.messages();
        try (ConfigurableApplicationContext context = start(BulkPrimary.class)) {
            context.getBean("smtpTemplate", SmtpTemplate.class)
                    .send("a@b.example", List.of("x@y.example"), "Subject: p\r\n\r\nhi\r\n");
            assertThat(bulkServer.messages()).isEqualTo(before + 1);
        }
    }

    static PooledSmtpSessionFactory pool(SinkServer server, int max) {
        return new PooledSmtpSessionFactory(
                server.config().build(), PoolConfig.builder().maxTotal(max).build());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class TwoPools {
        @Bean(destroyMethod = "close")
        PooledSmtpSessionFactory transactional() {
            return pool(transactionalServer, 4);
        }

        @Bean(destroyMethod = "close")
        PooledSmtpSessionFactory bulk() {
            return pool(bulkServer, 16);
        }
    }

    /** The README's MailPools, as it stands there. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class MailPools {
        @Bean(destroyMethod = "close")
        PooledSmtpSessionFactory transactional(
                @Value("${mail.transactional.host}") String host, @Value("${mail.transactional.port:587}") int port) {
            return new PooledSmtpSessionFactory(
                    SmtpConfig.builder().host(host).port(port).build(),
                    PoolConfig.builder().maxTotal(4).build());
        }

        @Bean(destroyMethod = "close")
        PooledSmtpSessionFactory bulk(
                @Value("${mail.bulk.host}") String host, @Value("${mail.bulk.port:587}") int port) {
            return new PooledSmtpSessionFactory(
                    SmtpConfig.builder().host(host).port(port).build(),
                    PoolConfig.builder().maxTotal(16).build());
        }

        @Bean
        @Primary
        SmtpTemplate transactionalTemplate(
                SmtpTemplates templates, @Qualifier("transactional") SmtpSessionFactory transactional) {
            return templates.builder(transactional).build();
        }

        @Bean
        SmtpTemplate bulkTemplate(SmtpTemplates templates, @Qualifier("bulk") SmtpSessionFactory bulk) {
            return templates.builder(bulk).rateLimit(50).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class BulkPrimary {
        @Bean(destroyMethod = "close")
        PooledSmtpSessionFactory transactional() {
            return pool(transactionalServer, 4);
        }

        @Bean(destroyMethod = "close")
        @Primary
        PooledSmtpSessionFactory bulk() {
            return pool(bulkServer, 16);
        }
    }
}
