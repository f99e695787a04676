/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.health;

import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.SmtpProperties;
import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.template.SmtpTemplate;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code smtp} health contributor when Boot's health module is present and
 * {@code management.health.smtp.enabled} is not false: one {@link SmtpHealthIndicator} for the
 * one session factory, or, with several (a transactional pool and a bulk one, say), a composite
 * with one entry per factory bean name, as Boot's own mail health does.
 */
@AutoConfiguration(after = SmtpAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(SmtpSessionFactory.class)
@ConditionalOnEnabledHealthIndicator("smtp")
public final class SmtpHealthContributorAutoConfiguration
        extends CompositeHealthContributorConfiguration<SmtpHealthIndicator, SmtpSessionFactory> {

    /** Probes at most every 30 seconds, each probe bounded by 5 seconds in all. */
    SmtpHealthContributorAutoConfiguration(ObjectProvider<SmtpProperties> properties) {
        super(factory -> new SmtpHealthIndicator(
                factory, Duration.ofSeconds(30), Duration.ofSeconds(5), sendTimeout(properties), Clock.systemUTC()));
    }

    private static Duration sendTimeout(ObjectProvider<SmtpProperties> properties) {
        SmtpProperties props = properties.getIfAvailable();
        return props == null
                ? SmtpTemplate.DEFAULT_SEND_TIMEOUT
                : props.timeouts().send();
    }

    @Bean
    @ConditionalOnMissingBean(name = {"smtpHealthIndicator", "smtpHealthContributor"})
    HealthContributor smtpHealthContributor(ConfigurableListableBeanFactory beanFactory) {
        return createContributor(beanFactory, SmtpSessionFactory.class);
    }
}
