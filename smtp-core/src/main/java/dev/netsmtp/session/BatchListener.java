/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.SendOutcome;
import java.time.Duration;
import java.util.Optional;

/**
 * Hears the messages of {@link SmtpSession#sendMessages(java.util.List, BatchListener)} as each
 * starts and ends. Pipelined, the next message starts (its envelope is written behind the end
 * of the previous message's data) before the previous one ends, so two messages of a batch may
 * be under way at once; tell them apart by index. Called on the sending thread. Every message
 * in the list {@code sendMessages} returns was finished; one that was started but is not in it
 * was not delivered (the connection went while only its envelope had been written).
 */
public interface BatchListener {

    /** Hears nothing. */
    BatchListener NONE = new BatchListener() {};

    /**
     * Called before the first byte of the message at {@code index} is written.
     *
     * @param index the message's position in the list
     */
    default void starting(int index) {}

    /**
     * Gives the bound on the message at {@code index}, from now: asked before its own replies are
     * read (for the first message, before its envelope is written; for the next ones, once the
     * message ahead of it has its outcome), and in force until it has its own. Without one the
     * session's {@linkplain SmtpSession#timeLimit(java.time.Duration) time limit} applies, as one
     * deadline for the whole batch; the session's limit is back in force after the batch.
     *
     * @param index the message's position in the list
     * @return the time the message may take from now, or empty for the session's limit
     */
    default Optional<Duration> timeLimit(int index) {
        return Optional.empty();
    }

    /**
     * Called once the message at {@code index} has its outcome.
     *
     * @param index the message's position in the list
     * @param outcome its result or its error
     */
    default void finished(int index, SendOutcome outcome) {}
}
