/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names the observation of a template send and its keys. Implement it (or extend
 * {@link DefaultSmtpObservationConvention}) to add or change keys; give it to
 * {@code SmtpTemplate.Builder.observationConvention}, or declare it as a bean in a Spring Boot
 * application.
 */
public interface SmtpObservationConvention extends ObservationConvention<SmtpSendContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof SmtpSendContext;
    }
}
