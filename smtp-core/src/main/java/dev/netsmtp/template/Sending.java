/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.session.SmtpSession;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One message's send through the template as its listeners and its observation hear it: begun
 * once, each failed attempt, ended once (a second end is ignored). Whatever the shape (a single
 * send, a pipelined batch, a batch's retry, a send on an executor), this is where a template send
 * is told. Observing never breaks sending: a failure of the observation is logged and dropped.
 */
final class Sending {

    private static final System.Logger LOG = System.getLogger("dev.netsmtp.template");

    private final SmtpListener listener;
    private final Envelope envelope;
    private final SendObserver.Observed observed;
    private boolean ended;

    private Sending(SmtpListener listener, Envelope envelope, SendObserver.Observed observed) {
        this.listener = listener;
        this.envelope = envelope;
        this.observed = observed;
    }

    /**
     * Begins a send: its observation starts, a child of {@code parent} (or of what is current on
     * this thread when null), and its listeners hear {@link SmtpListener#sendStarted}.
     */
    static Sending begin(SmtpTemplate template, Envelope envelope, @Nullable Object parent) {
        SendObserver.Observed observed;
        try {
            observed = template.observer().start(envelope, parent);
        } catch (RuntimeException e) {
            dropped("starting", e);
            observed = SendObserver.Observed.NONE;
        }
        template.listener().sendStarted(envelope);
        return new Sending(template.listener(), envelope, observed);
    }

    Envelope envelope() {
        return envelope;
    }

    /** The send has a session for its next attempt. */
    void borrowed(SmtpSession session) {
        try {
            observed.server(session);
        } catch (RuntimeException e) {
            dropped("recording the server of", e);
        }
    }

    /** Puts the send's observation in scope on this thread: what runs until {@link #leave()} is observed as this send. */
    void enter() {
        try {
            observed.enter();
        } catch (RuntimeException e) {
            dropped("entering", e);
        }
    }

    void leave() {
        try {
            observed.leave();
        } catch (RuntimeException e) {
            dropped("leaving", e);
        }
    }

    void attemptFailed(int attempt, RuntimeException error, boolean retrying) {
        listener.attemptFailed(envelope, attempt, error, retrying);
        try {
            observed.attemptFailed(attempt, error, retrying);
        } catch (RuntimeException e) {
            dropped("recording an attempt of", e);
        }
    }

    /** The server signalled load during this send; the template's rate is now {@code rate}. */
    void throttled(double rate) {
        try {
            observed.throttled(rate);
        } catch (RuntimeException e) {
            dropped("recording a throttle of", e);
        }
    }

    void sent(SendResult result, int attempts) {
        end(result, null, attempts);
    }

    void failed(RuntimeException error, int attempts) {
        end(null, error, attempts);
    }

    private void end(@Nullable SendResult result, @Nullable RuntimeException error, int attempts) {
        if (ended) {
            return;
        }
        ended = true;
        if (error instanceof dev.netsmtp.SmtpException e) {
            e.keyed(envelope.key());
        }
        listener.messageCompleted(envelope, Optional.ofNullable(result), Optional.ofNullable(error), attempts);
        try {
            observed.stop(result, error, attempts);
        } catch (RuntimeException e) {
            dropped("stopping", e);
        }
    }

    private static void dropped(String what, RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "observation failed " + what + " a send; sending goes on", e);
    }
}
