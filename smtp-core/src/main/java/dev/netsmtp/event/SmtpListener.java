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

/**
 * Hears what a session does. Every method has a no-op default, so an implementation overrides
 * only what it needs.
 *
 * <p>Methods are called on the thread using the session, in protocol order; the template's own
 * events ({@link #attemptFailed}, {@link #messageCompleted}) come from the template, for the
 * listeners given to {@code SmtpTemplate.Builder.listener}. Commands arrive
 * already redacted: AUTH payloads are {@code ***}, never the credential. A listener that throws
 * is ignored, so observing can never break sending. Message contents are never passed.
 */
public interface SmtpListener {

    /** A listener that does nothing. */
    SmtpListener NONE = new SmtpListener() {};

    /**
     * The TCP connection was made.
     *
     * @param host the server's host
     * @param port the server's port
     */
    default void connected(String host, int port) {}

    /**
     * A command was written (it may still sit in the buffer of a pipelined group).
     *
     * @param command the command without its line end, with secrets redacted
     */
    default void commandSent(String command) {}

    /**
     * A reply was read.
     *
     * @param reply the reply
     */
    default void replyReceived(SmtpReply reply) {}

    /**
     * The message data was written, up to and including its end.
     *
     * @param bytes how many message bytes were given, before dot-stuffing
     */
    default void dataSent(long bytes) {}

    /**
     * A message was accepted by the server.
     *
     * @param envelope its envelope
     * @param result the server's answers
     */
    default void messageSent(Envelope envelope, SendResult result) {}

    /**
     * A message was not sent, or its outcome is uncertain.
     *
     * @param envelope its envelope
     * @param error why
     */
    default void messageFailed(Envelope envelope, SmtpException error) {}

    /**
     * The connection is now protected by TLS (implicit TLS or STARTTLS).
     *
     * @param protocol the negotiated protocol, e.g. {@code TLSv1.3}
     */
    default void tlsEstablished(String protocol) {}

    /**
     * SMTP AUTH succeeded (RFC 4954 reply 235).
     *
     * @param mechanism the SASL mechanism, e.g. {@code PLAIN}; never the user name or a secret
     */
    default void authenticated(String mechanism) {}

    /**
     * A session is about to write a transaction's MAIL FROM for {@code envelope} (the one given to
     * {@code sendMessage}, whatever form the server gets); {@link #messageSent} or
     * {@link #messageFailed} with the same envelope follows. In a pipelined batch the next
     * transaction starts before the previous one ends: match them by the envelope.
     *
     * @param envelope the transaction's envelope
     */
    default void transactionStarted(Envelope envelope) {}

    /**
     * The same moment as {@link #transactionStarted(Envelope)}, with what the session's connection
     * is: its server, its TLS protocol and its login as they are, whatever was configured. This
     * is the one a session calls; its default calls {@link #transactionStarted(Envelope)}, so a
     * listener overrides whichever it needs.
     *
     * @param envelope the transaction's envelope
     * @param session the connection's details
     */
    default void transactionStarted(Envelope envelope, SessionDetails session) {
        transactionStarted(envelope);
    }

    /**
     * A template's send began (before the rate limit and borrowing), on the thread that sends it:
     * {@link #messageCompleted} follows on the same thread. In a batch ({@code sendAll}) the next
     * send may start before the previous one completes: match them by the envelope.
     *
     * @param envelope the message's envelope
     */
    default void sendStarted(Envelope envelope) {}

    /**
     * One attempt of a template's send failed (a session's {@link #messageFailed} is one attempt;
     * this also hears failures before MAIL: no session, a refused connection, TLS, AUTH).
     *
     * @param envelope the message's envelope
     * @param attempt the attempt that failed, from 1
     * @param error why
     * @param retrying whether the template tries again
     */
    default void attemptFailed(Envelope envelope, int attempt, RuntimeException error, boolean retrying) {}

    /**
     * A template's send ended, once per message whatever the attempts: sent, failed, or uncertain
     * ({@link dev.netsmtp.SmtpDeliveryUncertainException} as the error).
     *
     * @param envelope the message's envelope
     * @param result the outcome when sent
     * @param error the error when not sent
     * @param attempts how many attempts were made
     */
    default void messageCompleted(
            Envelope envelope, Optional<SendResult> result, Optional<RuntimeException> error, int attempts) {}

    /**
     * Something worth knowing that is not a command or reply: a fallback taken, a warning.
     *
     * @param text the notice
     */
    default void notice(String text) {}

    /** The connection was closed. */
    default void closed() {}

    /**
     * Combines listeners into one that calls each in order and ignores their failures.
     *
     * @param listeners the listeners
     * @return one listener
     */
    static SmtpListener of(List<SmtpListener> listeners) {
        return new CompositeListener(List.copyOf(listeners));
    }
}
