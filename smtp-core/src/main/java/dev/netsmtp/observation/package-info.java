/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Micrometer observations of template sends, for applications that have Micrometer's observation
 * API (an optional dependency): {@link dev.netsmtp.observation.SmtpSendContext}, what one send's
 * observation knows; {@link dev.netsmtp.observation.SmtpObservationConvention} and
 * {@link dev.netsmtp.observation.DefaultSmtpObservationConvention}, which turn it into a name and
 * keys; {@link dev.netsmtp.observation.SmtpObservationDocumentation}, the keys and events;
 * {@link dev.netsmtp.observation.SmtpObservationEvents}, the session listener that adds a new
 * connection's events to the send it was opened for. The template opens the observation
 * ({@code SmtpTemplate.Builder.observationRegistry}).
 */
@NullMarked
package dev.netsmtp.observation;

import org.jspecify.annotations.NullMarked;
