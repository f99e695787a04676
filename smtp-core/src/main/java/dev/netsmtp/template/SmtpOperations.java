/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import dev.netsmtp.Envelope;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What a service needs to send mail; {@link SmtpTemplate} implements it. Depend on this
 * interface so tests can fake sending without a server.
 */
public interface SmtpOperations {

    /**
     * Sends a message held in memory.
     *
     * @param from the reverse path
     * @param to the recipients
     * @param message the RFC 5322 message
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the message was not sent or its fate is uncertain
     */
    SendResult send(String from, Collection<String> to, byte[] message);

    /**
     * Sends a message given as text, encoded as UTF-8.
     *
     * @param from the reverse path
     * @param to the recipients
     * @param message the RFC 5322 message
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the message was not sent or its fate is uncertain
     */
    SendResult send(String from, Collection<String> to, String message);

    /**
     * Streams a message; retried only while nothing of the stream has been read.
     *
     * @param from the reverse path
     * @param to the recipients
     * @param message the RFC 5322 message, read to its end and not closed
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the message was not sent or its fate is uncertain
     */
    SendResult send(String from, Collection<String> to, InputStream message);

    /**
     * Sends a message held in memory with a full envelope.
     *
     * @param envelope the envelope
     * @param message the message
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the message was not sent or its fate is uncertain
     */
    SendResult send(Envelope envelope, byte[] message);

    /**
     * Streams a message with a full envelope; retried only while nothing has been read.
     *
     * @param envelope the envelope
     * @param message the message
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the message was not sent or its fate is uncertain
     */
    SendResult send(Envelope envelope, InputStream message);

    /**
     * Sends a message written by a callback; a retry calls the writer again.
     *
     * @param envelope the envelope
     * @param writer writes the message
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the message was not sent or its fate is uncertain
     */
    SendResult send(Envelope envelope, MessageWriter writer);

    /**
     * Runs work on one lent session.
     *
     * @param callback the work
     * @param <T> the result type
     * @return what the callback returned
     * @throws dev.netsmtp.SmtpException when a session cannot be had, or what the callback throws
     */
    <T> T execute(SmtpCallback<T> callback);

    /**
     * Sends messages one after another, pipelined where the server allows (the end of one
     * message and the next envelope in one write); a failure stops only its own message.
     *
     * @param messages the batch
     * @return one outcome per message, in order
     */
    List<SendOutcome> sendAll(List<OutgoingMessage> messages);

    /**
     * Sends messages in parallel on the executor, spread over the factory's sessions.
     *
     * @param messages the batch
     * @param executor runs the sends
     * @return one outcome per message, in order, when all have finished
     */
    List<SendOutcome> sendAll(List<OutgoingMessage> messages, Executor executor);

    /**
     * Sends a message on the executor.
     *
     * @param message the message
     * @param executor runs the send
     * @return the outcome, completed exceptionally with the {@link dev.netsmtp.SmtpException}
     */
    CompletableFuture<SendResult> sendAsync(OutgoingMessage message, Executor executor);
}
