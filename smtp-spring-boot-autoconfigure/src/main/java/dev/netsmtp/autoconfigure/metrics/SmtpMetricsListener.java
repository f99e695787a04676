/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.metrics;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.observation.DefaultSmtpObservationConvention;
import dev.netsmtp.observation.SmtpObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The two counts an observation per send cannot give (the send itself is timed by its
 * observation, {@code smtp.client.send}), tagged with the observation's key names and no address,
 * subject or other personal data:
 *
 * <ul>
 *   <li>{@code smtp.client.attempts}: each attempt of a template send, by {@code smtp.outcome},
 *       {@code smtp.reply.class}, {@code error.type}, and {@code smtp.retried} (true when another
 *       attempt followed);
 *   <li>{@code smtp.client.recipients.refused}: recipients the server refused, over every session.
 * </ul>
 *
 * Stateless: each callback counts on its own. Events before the registry is bound are not counted.
 */
public class SmtpMetricsListener implements SmtpListener, MeterBinder {

    /** The attempts counter. */
    public static final String ATTEMPTS = "smtp.client.attempts";

    /** The refused-recipients counter. */
    public static final String RECIPIENTS_REFUSED = "smtp.client.recipients.refused";

    private volatile @Nullable MeterRegistry registry;

    /** Creates the listener; Boot binds it to the application's registry. */
    public SmtpMetricsListener() {}

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void messageSent(Envelope envelope, SendResult result) {
        refused(result.rejected().size());
    }

    @Override
    public void messageFailed(Envelope envelope, SmtpException error) {
        if (error instanceof SmtpRecipientsRefusedException refused) {
            refused(refused.refused().size());
        }
    }

    @Override
    public void attemptFailed(Envelope envelope, int attempt, RuntimeException error, boolean retrying) {
        attempt(error, retrying);
    }

    @Override
    public void messageCompleted(
            Envelope envelope, Optional<SendResult> result, Optional<RuntimeException> error, int attempts) {
        if (result.isPresent()) {
            attempt(null, false); // the attempt that succeeded; the failed ones came one by one
        }
    }

    private void attempt(@Nullable RuntimeException error, boolean retried) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        Counter.builder(ATTEMPTS)
                .description("Attempts of template sends; smtp.retried=true when another attempt followed")
                .tag(LowCardinalityKeyNames.OUTCOME.asString(), DefaultSmtpObservationConvention.outcome(error))
                .tag(LowCardinalityKeyNames.REPLY_CLASS.asString(), DefaultSmtpObservationConvention.replyClass(error))
                .tag(
                        LowCardinalityKeyNames.ERROR_TYPE.asString(),
                        error == null ? "none" : DefaultSmtpObservationConvention.errorType(error))
                .tag("smtp.retried", Boolean.toString(retried))
                .register(r)
                .increment();
    }

    private void refused(int count) {
        MeterRegistry r = registry;
        if (r != null && count > 0) {
            Counter.builder(RECIPIENTS_REFUSED)
                    .description("Recipients the server refused")
                    .baseUnit("recipients")
                    .register(r)
                    .increment(count);
        }
    }
}
