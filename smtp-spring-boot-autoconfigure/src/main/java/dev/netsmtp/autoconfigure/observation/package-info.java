/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The observation of every send through the auto-configured template, when the application has an
 * {@code ObservationRegistry} (Spring Boot's Actuator): the template opens it, the session factory
 * adds a new connection's events to it, an {@code SmtpObservationConvention} bean renames it.
 */
@NullMarked
package dev.netsmtp.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
