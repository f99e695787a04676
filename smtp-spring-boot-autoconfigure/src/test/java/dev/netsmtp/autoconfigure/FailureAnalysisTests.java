/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.template.SmtpTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * What a user reads when the application does not start: each start runs as a user's does
 * ({@code SpringApplication} with every auto-configuration on the class path, Actuator and Spring
 * Boot's own mail included), and the analysis is the one Boot reports, chosen among every
 * analyzer in Boot's order. Each cause is stated only after it was checked.
 */
class FailureAnalysisTests {

    @BeforeEach
    void forget() {
        RecordingFailureAnalysisReporter.clear();
    }

    private static FailureAnalysis startFails(Class<?> app, String... args) {
        SpringApplication application = new SpringApplication(app);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run(args).close()).isNotNull();
        return RecordingFailureAnalysisReporter.only();
    }

    private static String text(FailureAnalysis analysis) {
        return analysis.getDescription() + "\nACTION: " + analysis.getAction();
    }

    @Test
    void aJavaMailSenderInjectionWithoutSmtpHostSaysToSetIt() {
        FailureAnalysis analysis = startFails(NeedsJavaMailSender.class);
        assertThat(text(analysis))
                .contains("org.springframework.mail.javamail.JavaMailSender")
                .contains("smtp.host (or smtp.hosts) is set, and it is not")
                .contains("ACTION: Set smtp.host");
    }

    @Test
    void springMailHostInsteadOfSmtpHostIsNamed() {
        FailureAnalysis analysis = startFails(NeedsTemplate.class, "--spring.mail.host=mail.example.com");
        assertThat(text(analysis)).contains("spring.mail.host is set", "netsmtp reads smtp.host");
    }

    @Test
    void aMisspeltHostKeyIsNamed() {
        FailureAnalysis analysis = startFails(NeedsTemplate.class, "--smtp.hots=mail.example.com");
        assertThat(text(analysis)).contains("smtp.hots is set: did you mean smtp.host?");
    }

    @Test
    void anAutoConfigurationExcludedByPropertyIsSaidToBeExcludedNotUnset() {
        FailureAnalysis analysis = startFails(
                NeedsTemplate.class,
                "--smtp.host=127.0.0.1",
                "--spring.autoconfigure.exclude=dev.netsmtp.autoconfigure.SmtpAutoConfiguration");
        assertThat(text(analysis))
                .contains(
                        "excluded: spring.autoconfigure.exclude names dev.netsmtp.autoconfigure.SmtpAutoConfiguration")
                .doesNotContain("it is not");
    }

    @Test
    void anAutoConfigurationExcludedByAnnotationIsSaidToBeExcluded() {
        FailureAnalysis analysis = startFails(ExcludesSmtp.class, "--smtp.host=127.0.0.1");
        assertThat(text(analysis))
                .contains(
                        "excluded: ExcludesSmtp's @EnableAutoConfiguration (or @SpringBootApplication) excludes SmtpAutoConfiguration");
    }

    @Test
    void anInvalidValueComesWithWhereItWasSet() {
        FailureAnalysis analysis =
                startFails(NeedsTemplate.class, "--spring.config.location=classpath:failure/invalid-port.properties");
        assertThat(text(analysis))
                .contains("smtp.port", "70000")
                .contains("class path resource [failure/invalid-port.properties] - 3:11")
                .contains("use a port from 1 to 65535");
    }

    @Test
    void anEnumTypoListsTheValuesAsTheReadmeWritesThem() {
        FailureAnalysis analysis =
                startFails(NeedsTemplate.class, "--spring.config.location=classpath:failure/enum-typo.yml");
        assertThat(text(analysis))
                .contains("'starttls-requird'", "smtp.tls.mode", "failure/enum-typo.yml")
                .contains("none, starttls, starttls-required, implicit")
                .doesNotContain("STARTTLS_REQUIRED");
    }

    @Test
    void twoFactoriesAndATemplateInjectionSayMarkOnePrimary() {
        FailureAnalysis analysis = startFails(TwoFactoriesNeedTemplate.class, "--smtp.host=127.0.0.1");
        assertThat(text(analysis))
                .contains("2 SmtpSessionFactory beans and none is @Primary")
                .contains("Mark the factory the template should use @Primary");
    }

    @Test
    void twoFactoriesAndAFactoryInjectionNameBothAndSayMarkOnePrimary() {
        FailureAnalysis analysis = startFails(TwoFactoriesNeedFactory.class);
        assertThat(text(analysis))
                .contains("One SmtpSessionFactory is injected, but there are 2", "transactional", "bulk")
                .contains("@Primary");
    }

    private static PooledSmtpSessionFactory factory() {
        return new PooledSmtpSessionFactory(
                SmtpConfig.builder().host("127.0.0.1").port(1).build(), PoolConfig.defaults());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class NeedsJavaMailSender {
        @Bean
        String mailService(JavaMailSender sender) {
            return "uses " + sender;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class NeedsTemplate {
        @Bean
        String mailService(SmtpTemplate template) {
            return "uses " + template;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(exclude = SmtpAutoConfiguration.class)
    static class ExcludesSmtp {
        @Bean
        String mailService(SmtpTemplate template) {
            return "uses " + template;
        }
    }

    /** Two factories of the application's own, none primary. */
    @Configuration(proxyBeanMethods = false)
    static class TwoFactories {
        @Bean(destroyMethod = "close")
        PooledSmtpSessionFactory transactional() {
            return factory();
        }

        @Bean(destroyMethod = "close")
        PooledSmtpSessionFactory bulk() {
            return factory();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(TwoFactories.class)
    static class TwoFactoriesNeedTemplate {
        @Bean
        String mailService(SmtpTemplate template) {
            return "uses " + template;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(TwoFactories.class)
    static class TwoFactoriesNeedFactory {
        @Bean
        String mailService(SmtpSessionFactory factory) {
            return "uses " + factory;
        }
    }
}
