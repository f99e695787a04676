/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox.autoconfigure;

import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.outbox.OutboxListener;
import dev.netsmtp.outbox.OutboxSchema;
import dev.netsmtp.outbox.SmtpOutbox;
import dev.netsmtp.template.SmtpTemplate;
import io.micrometer.core.instrument.binder.MeterBinder;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The outbox on the application's {@link DataSource}: the {@link SmtpOutbox} bean (tables created on
 * an embedded database, or always, by {@code smtp.outbox.initialize-schema}), this instance's
 * workers sending with the {@link SmtpTemplate} bean, and, when the application has them, health
 * ({@code smtpOutbox}), the {@code smtpoutbox} endpoint and meters. Off with
 * {@code smtp.outbox.enabled=false}; workers off on instances that only enqueue with
 * {@code smtp.outbox.workers.enabled=false}.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, SmtpAutoConfiguration.class})
@ConditionalOnClass(SmtpOutbox.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "smtp.outbox.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SmtpOutboxProperties.class)
public final class SmtpOutboxAutoConfiguration {

    SmtpOutboxAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    SmtpOutbox smtpOutbox(DataSource dataSource, SmtpOutboxProperties properties) {
        SmtpOutboxProperties.SchemaInitialization mode = properties.initializeSchema();
        if (mode == SmtpOutboxProperties.SchemaInitialization.ALWAYS
                || (mode == SmtpOutboxProperties.SchemaInitialization.EMBEDDED
                        && EmbeddedDatabaseConnection.isEmbedded(dataSource))) {
            OutboxSchema.create(dataSource);
        }
        return SmtpOutbox.create(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(SmtpTemplate.class)
    @ConditionalOnBooleanProperty(name = "smtp.outbox.workers.enabled", matchIfMissing = true)
    SmtpOutboxWorkers smtpOutboxWorkers(
            DataSource dataSource,
            SmtpTemplate template,
            SmtpOutboxProperties properties,
            SmtpOutbox outbox,
            ObjectProvider<OutboxListener> listeners) {
        // The outbox bean comes first: it creates the tables the workers poll.
        return new SmtpOutboxWorkers(
                dataSource,
                template,
                OutboxSettingsMapper.settings(properties),
                listeners.orderedStream().toList());
    }

    /** Health, when the application has Boot's health module. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
    @ConditionalOnEnabledHealthIndicator("smtpoutbox")
    static final class Health {

        @Bean
        @ConditionalOnMissingBean(name = "smtpOutboxHealthIndicator")
        SmtpOutboxHealthIndicator smtpOutboxHealthIndicator(SmtpOutbox outbox, SmtpOutboxProperties properties) {
            return new SmtpOutboxHealthIndicator(outbox, properties.health().maxWaitingAge());
        }
    }

    /** The operator's endpoint, when the application has Actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
    @ConditionalOnAvailableEndpoint(SmtpOutboxEndpoint.class)
    static final class Operations {

        @Bean
        @ConditionalOnMissingBean
        SmtpOutboxEndpoint smtpOutboxEndpoint(SmtpOutbox outbox) {
            return new SmtpOutboxEndpoint(outbox);
        }
    }

    /** Meters, when the application has Micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static final class Metrics {

        @Bean
        @ConditionalOnMissingBean
        SmtpOutboxMetrics smtpOutboxMetrics(SmtpOutbox outbox) {
            return new SmtpOutboxMetrics(outbox);
        }
    }
}
