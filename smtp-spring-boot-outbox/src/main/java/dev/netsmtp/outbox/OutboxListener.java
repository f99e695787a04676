/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import dev.netsmtp.IdempotencyKey;

/**
 * Told by the workers each time a send attempt ends, on the worker's thread: keep it short. Metrics
 * count these; an application can alert on {@link OutboxState#UNCERTAIN}.
 */
@FunctionalInterface
public interface OutboxListener {

    /** A listener that does nothing. */
    OutboxListener NONE = (key, state, attempt) -> {};

    /**
     * An attempt ended, and the message is now in {@code state}: {@link OutboxState#SENT},
     * {@link OutboxState#RETRY}, {@link OutboxState#FAILED} or {@link OutboxState#UNCERTAIN} (also
     * when a worker found a message left {@link OutboxState#SENDING} by an instance that died).
     *
     * @param key the message's key
     * @param state its new state
     * @param attempt the attempt's number, from 1
     */
    void ended(IdempotencyKey key, OutboxState state, int attempt);
}
