/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import dev.netsmtp.observation.DefaultSmtpObservationConvention;
import dev.netsmtp.observation.SmtpObservationConvention;
import dev.netsmtp.observation.SmtpObservationDocumentation;
import dev.netsmtp.observation.SmtpSendContext;
import dev.netsmtp.session.SmtpSession;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The template's sends as Micrometer observations ({@link SmtpObservationDocumentation#SEND}):
 * one per message, a child of the caller's, with an {@link SmtpSendContext} the convention reads.
 * The only template class that touches Micrometer; created only when the builder was given a
 * registry.
 */
final class ObservedSends implements SendObserver {

    private static final DefaultSmtpObservationConvention DEFAULT = new DefaultSmtpObservationConvention();

    private final ObservationRegistry registry;
    private final @Nullable SmtpObservationConvention convention;

    ObservedSends(ObservationRegistry registry, @Nullable SmtpObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public @Nullable Object current() {
        return registry.getCurrentObservation();
    }

    @Override
    public Observed start(Envelope envelope, @Nullable Object parent) {
        SmtpSendContext context = new SmtpSendContext(envelope);
        Observation observation =
                SmtpObservationDocumentation.SEND.observation(convention, DEFAULT, () -> context, registry);
        if (parent instanceof Observation p) {
            observation.parentObservation(p);
        }
        return new One(observation.start(), context);
    }

    private static final class One implements Observed {
        private final Observation observation;
        private final SmtpSendContext context;
        private Observation.@Nullable Scope scope;

        One(Observation observation, SmtpSendContext context) {
            this.observation = observation;
            this.context = context;
        }

        @Override
        public void server(SmtpSession session) {
            session.server().ifPresent(context::setServer);
        }

        @Override
        public void enter() {
            if (scope == null) {
                scope = observation.openScope();
            }
        }

        @Override
        public void leave() {
            Observation.Scope open = scope;
            if (open != null) {
                scope = null;
                open.close();
            }
        }

        @Override
        public void attemptFailed(int attempt, RuntimeException error, boolean retrying) {
            observation.event(SmtpObservationDocumentation.Events.ATTEMPT_FAILED.format(
                    attempt, DefaultSmtpObservationConvention.errorType(error), retrying ? ", retrying" : ""));
        }

        @Override
        public void throttled(double rate) {
            observation.event(SmtpObservationDocumentation.Events.THROTTLED.format(rate));
        }

        @Override
        public void stop(@Nullable SendResult result, @Nullable RuntimeException error, int attempts) {
            context.setAttempts(attempts);
            if (result != null) {
                context.setResult(result);
            }
            if (error != null) {
                observation.error(error);
            }
            leave();
            observation.stop();
        }
    }
}
