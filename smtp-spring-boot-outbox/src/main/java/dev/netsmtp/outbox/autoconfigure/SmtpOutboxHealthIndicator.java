/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox.autoconfigure;

import dev.netsmtp.outbox.OutboxState;
import dev.netsmtp.outbox.OutboxStatistics;
import dev.netsmtp.outbox.SmtpOutbox;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The outbox's health: DOWN when the oldest message waiting to be sent is older than
 * {@code smtp.outbox.health.max-waiting-age} (the workers are stopped, stuck or outpaced) or when its
 * table cannot be read; the counts by state and that age as details. Uncertain messages do not turn
 * it DOWN (they wait for a person, not for the workers); their count is a detail to alert on.
 */
public final class SmtpOutboxHealthIndicator implements HealthIndicator {

    private final SmtpOutbox outbox;
    private final Duration maxWaitingAge;

    SmtpOutboxHealthIndicator(SmtpOutbox outbox, Duration maxWaitingAge) {
        this.outbox = outbox;
        this.maxWaitingAge = maxWaitingAge;
    }

    @Override
    public Health health() {
        OutboxStatistics s;
        try {
            s = outbox.statistics();
        } catch (RuntimeException e) {
            return Health.down()
                    .withDetail(
                            "error", "cannot read the outbox: " + e.getClass().getSimpleName())
                    .build();
        }
        Duration age = s.oldestWaitingAge();
        Health.Builder h = age.compareTo(maxWaitingAge) > 0 ? Health.down() : Health.up();
        for (OutboxState state : OutboxState.values()) {
            h.withDetail(state.name().toLowerCase(Locale.ROOT), s.count(state));
        }
        return h.withDetail("oldestWaitingAge", age.toString())
                .withDetail("maxWaitingAge", maxWaitingAge.toString())
                .build();
    }
}
