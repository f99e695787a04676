/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

/**
 * Where a message in the outbox stands. A message starts {@link #PENDING}; a worker writes
 * {@link #SENDING} durably before the message's envelope goes to the wire, then one of the others.
 * {@link #SENT}, {@link #FAILED} and {@link #UNCERTAIN} are final: the outbox never sends such a
 * message again by itself.
 */
public enum OutboxState {
    /** Enqueued, not yet tried. */
    PENDING,
    /** A worker took it and may have started the send; if that worker dies, it becomes {@link #UNCERTAIN}. */
    SENDING,
    /** Refused for now (a transient reply, or the server out of reach before the data): tried again later. */
    RETRY,
    /** The server accepted it. */
    SENT,
    /** Refused for good (a permanent reply, a message the server can never take), or retried past the maximum age. */
    FAILED,
    /**
     * It may have been delivered though no reply says so (the connection ended after the data, or the
     * worker died while sending): parked, never resent automatically. An operator or the application
     * decides: {@link SmtpOutbox#markSent} or {@link SmtpOutbox#resend}.
     */
    UNCERTAIN;

    /**
     * Tells whether the outbox is done with a message in this state.
     *
     * @return true for {@link #SENT}, {@link #FAILED} and {@link #UNCERTAIN}
     */
    public boolean isFinal() {
        return this == SENT || this == FAILED || this == UNCERTAIN;
    }
}
