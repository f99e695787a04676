/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.observation;

import dev.netsmtp.autoconfigure.SmtpTemplateCustomizer;
import dev.netsmtp.observation.SmtpObservationConvention;
import dev.netsmtp.observation.SmtpObservationEvents;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observes the auto-configured template's sends, as Spring Boot's
 * {@code RestClientObservationAutoConfiguration} does for {@code RestClient}: when the application
 * has an {@link ObservationRegistry} bean, a {@link SmtpTemplateCustomizer} gives it to the
 * template, with the application's {@link SmtpObservationConvention} bean when there is one, and
 * an {@link SmtpObservationEvents} listener adds each new connection's events to the send it was
 * opened for. Boot's metrics turn each observation into the {@code smtp.client.send} timer;
 * Micrometer Tracing into a span.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class SmtpObservationAutoConfiguration {

    SmtpObservationAutoConfiguration() {}

    @Bean
    SmtpTemplateCustomizer smtpObservationTemplateCustomizer(
            ObjectProvider<ObservationRegistry> registry, ObjectProvider<SmtpObservationConvention> convention) {
        return builder -> {
            builder.observationRegistry(registry.getObject());
            convention.ifAvailable(builder::observationConvention);
        };
    }

    @Bean
    @ConditionalOnMissingBean
    SmtpObservationEvents smtpObservationEvents(ObservationRegistry registry) {
        return new SmtpObservationEvents(registry);
    }
}
