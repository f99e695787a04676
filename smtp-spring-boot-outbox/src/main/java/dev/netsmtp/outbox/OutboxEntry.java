/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import dev.netsmtp.IdempotencyKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One message in the outbox as an operator sees it: its key, state and history, without its content.
 *
 * @param key the message's idempotency key, unique in the outbox
 * @param state where it stands
 * @param from the envelope's reverse path
 * @param recipients the envelope's recipients
 * @param size the content's size in bytes
 * @param attempts how many times a worker started a send
 * @param created when it was enqueued
 * @param updated when its state last changed
 * @param nextAttempt when a {@link OutboxState#RETRY} message is due
 * @param node the worker instance that last took it
 * @param lastReply the last server reply or error, escaped, when there was one
 */
public record OutboxEntry(
        IdempotencyKey key,
        OutboxState state,
        String from,
        List<String> recipients,
        int size,
        int attempts,
        Instant created,
        Instant updated,
        Optional<Instant> nextAttempt,
        Optional<String> node,
        Optional<String> lastReply) {

    /**
     * Copies the recipients.
     *
     * @param key the message's idempotency key, unique in the outbox
     * @param state where it stands
     * @param from the envelope's reverse path
     * @param recipients the envelope's recipients
     * @param size the content's size in bytes
     * @param attempts how many times a worker started a send
     * @param created when it was enqueued
     * @param updated when its state last changed
     * @param nextAttempt when a {@link OutboxState#RETRY} message is due
     * @param node the worker instance that last took it
     * @param lastReply the last server reply or error, escaped, when there was one
     */
    public OutboxEntry {
        recipients = List.copyOf(recipients);
    }
}
