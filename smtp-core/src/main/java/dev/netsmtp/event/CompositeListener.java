/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.event;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Calls several listeners in order; a listener's failure is logged and otherwise ignored. */
final class CompositeListener implements SmtpListener {

    private static final System.Logger LOG = System.getLogger("dev.netsmtp.event");

    private final List<SmtpListener> listeners;

    CompositeListener(List<SmtpListener> listeners) {
        this.listeners = listeners;
    }

    private void each(Consumer<SmtpListener> call) {
        for (SmtpListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "SMTP listener " + l.getClass().getName() + " failed",
                        e);
            }
        }
    }

    @Override
    public void connected(String host, int port) {
        each(l -> l.connected(host, port));
    }

    @Override
    public void commandSent(String command) {
        each(l -> l.commandSent(command));
    }

    @Override
    public void replyReceived(SmtpReply reply) {
        each(l -> l.replyReceived(reply));
    }

    @Override
    public void dataSent(long bytes) {
        each(l -> l.dataSent(bytes));
    }

    @Override
    public void messageSent(Envelope envelope, SendResult result) {
        each(l -> l.messageSent(envelope, result));
    }

    @Override
    public void messageFailed(Envelope envelope, SmtpException error) {
        each(l -> l.messageFailed(envelope, error));
    }

    @Override
    public void tlsEstablished(String protocol) {
        each(l -> l.tlsEstablished(protocol));
    }

    @Override
    public void authenticated(String mechanism) {
        each(l -> l.authenticated(mechanism));
    }

    @Override
    public void transactionStarted(Envelope envelope) {
        each(l -> l.transactionStarted(envelope));
    }

    @Override
    public void transactionStarted(Envelope envelope, SessionDetails session) {
        each(l -> l.transactionStarted(envelope, session));
    }

    @Override
    public void sendStarted(Envelope envelope) {
        each(l -> l.sendStarted(envelope));
    }

    @Override
    public void attemptFailed(Envelope envelope, int attempt, RuntimeException error, boolean retrying) {
        each(l -> l.attemptFailed(envelope, attempt, error, retrying));
    }

    @Override
    public void messageCompleted(
            Envelope envelope, Optional<SendResult> result, Optional<RuntimeException> error, int attempts) {
        each(l -> l.messageCompleted(envelope, result, error, attempts));
    }

    @Override
    public void notice(String text) {
        each(l -> l.notice(text));
    }

    @Override
    public void closed() {
        each(SmtpListener::closed);
    }
}
