/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many messages the outbox holds in each state, and when the oldest one still waiting to be
 * sent ({@link OutboxState#PENDING} or {@link OutboxState#RETRY}) was enqueued.
 *
 * @param counts messages by state, every state present
 * @param oldestWaiting when the oldest waiting message was enqueued, when there is one
 * @param at when the figures were read
 */
public record OutboxStatistics(Map<OutboxState, Long> counts, Optional<Instant> oldestWaiting, Instant at) {

    /**
     * Copies the counts, with every state present.
     *
     * @param counts messages by state
     * @param oldestWaiting when the oldest waiting message was enqueued, when there is one
     * @param at when the figures were read
     */
    public OutboxStatistics {
        EnumMap<OutboxState, Long> all = new EnumMap<>(OutboxState.class);
        for (OutboxState s : OutboxState.values()) {
            all.put(s, counts.getOrDefault(s, 0L));
        }
        counts = Collections.unmodifiableMap(all);
    }

    /**
     * Returns the number of messages in a state.
     *
     * @param state the state
     * @return the count
     */
    public long count(OutboxState state) {
        return counts.getOrDefault(state, 0L);
    }

    /**
     * Returns how long the oldest waiting message has waited.
     *
     * @return its age when the figures were read, or zero when nothing waits
     */
    public Duration oldestWaitingAge() {
        return oldestWaiting
                .map(t -> Duration.between(t, at))
                .filter(d -> !d.isNegative())
                .orElse(Duration.ZERO);
    }
}
