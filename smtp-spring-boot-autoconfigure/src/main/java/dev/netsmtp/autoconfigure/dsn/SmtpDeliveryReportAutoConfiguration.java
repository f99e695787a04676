/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.dsn;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/** The delivery-report reader and publisher ({@link SmtpDeliveryReports}), with or without a server configured. */
@AutoConfiguration
public final class SmtpDeliveryReportAutoConfiguration {

    SmtpDeliveryReportAutoConfiguration() {}

    /**
     * Reads bounces and publishes {@link SmtpDeliveryReportEvent}s.
     *
     * @param publisher the context's event publisher
     * @return the bean
     */
    @Bean
    @ConditionalOnMissingBean
    SmtpDeliveryReports smtpDeliveryReports(ApplicationEventPublisher publisher) {
        return new SmtpDeliveryReports(publisher);
    }
}
