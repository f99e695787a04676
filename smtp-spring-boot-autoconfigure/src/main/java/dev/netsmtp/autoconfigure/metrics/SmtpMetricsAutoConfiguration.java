/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.metrics;

import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for netsmtp when Micrometer is on the class path: the counters of
 * {@link SmtpMetricsListener} (a listener the session factory and the template pick up) and the
 * gauges of every pool ({@link SmtpPoolMetrics}), each tagged with its bean name. Sends are timed
 * by their observation ({@code SmtpObservationAutoConfiguration}), not here. After
 * {@link SmtpAutoConfiguration}, whose pools the gauges need.
 */
@AutoConfiguration(after = SmtpAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
public final class SmtpMetricsAutoConfiguration {

    SmtpMetricsAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    SmtpMetricsListener smtpMetricsListener() {
        return new SmtpMetricsListener();
    }

    @Bean
    @ConditionalOnBean(PooledSmtpSessionFactory.class)
    @ConditionalOnMissingBean
    SmtpPoolMetrics smtpPoolMetrics(Map<String, PooledSmtpSessionFactory> pools) {
        return new SmtpPoolMetrics(pools);
    }

    /**
     * {@code smtp.client.send.rate}: the adaptive send rate of each throttling template, tagged
     * {@code template.name} with its bean name.
     *
     * @param templates the templates
     * @return the binder
     */
    @Bean
    @ConditionalOnBean(dev.netsmtp.template.SmtpTemplate.class)
    MeterBinder smtpThrottleMetrics(Map<String, dev.netsmtp.template.SmtpTemplate> templates) {
        return registry -> templates.forEach((name, template) -> {
            if (template.currentRate().isPresent()) {
                io.micrometer.core.instrument.Gauge.builder("smtp.client.send.rate", template, t -> t.currentRate()
                                .orElse(0))
                        .description("The adaptive send rate of the template, messages a second")
                        .baseUnit("messages")
                        .tag("template.name", name)
                        .register(registry);
            }
        });
    }
}
