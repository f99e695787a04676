/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import dev.netsmtp.session.SmtpSession;
import org.jspecify.annotations.Nullable;

/**
 * Where a template's sends are observed: Micrometer's observation API when the template was given
 * a registry ({@link ObservedSends}), nothing otherwise. Free of Micrometer types, so that a
 * template without a registry loads none of them and runs where Micrometer is absent.
 */
interface SendObserver {

    /** Observes nothing. */
    SendObserver NONE = new SendObserver() {
        @Override
        public @Nullable Object current() {
            return null;
        }

        @Override
        public Observed start(Envelope envelope, @Nullable Object parent) {
            return Observed.NONE;
        }
    };

    /** What the calling thread is observed under, to carry to a send on another thread; null for nothing. */
    @Nullable
    Object current();

    /**
     * Starts the observation of one message's send.
     *
     * @param parent what {@link #current()} gave on the thread the send was asked on; null for
     *     whatever is current on this one
     */
    Observed start(Envelope envelope, @Nullable Object parent);

    /** One send's observation: in scope between {@link #enter()} and {@link #leave()}, stopped once. */
    interface Observed {

        /** Observes nothing. */
        Observed NONE = new Observed() {};

        /** The send has a session: its server is the one the send uses. */
        default void server(SmtpSession session) {}

        /** Makes this the current observation of the thread, until {@link #leave()}; no-op when it is. */
        default void enter() {}

        /** Ends {@link #enter()}'s scope; no-op when not in it. */
        default void leave() {}

        default void attemptFailed(int attempt, RuntimeException error, boolean retrying) {}

        /** The server signalled load; the adaptive rate is now {@code rate}. */
        default void throttled(double rate) {}

        /** Leaves the scope and stops the observation with the outcome. */
        default void stop(@Nullable SendResult result, @Nullable RuntimeException error, int attempts) {}
    }
}
