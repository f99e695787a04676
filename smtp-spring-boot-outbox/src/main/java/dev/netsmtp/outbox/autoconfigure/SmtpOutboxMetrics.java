/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox.autoconfigure;

import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.outbox.OutboxListener;
import dev.netsmtp.outbox.OutboxState;
import dev.netsmtp.outbox.OutboxStatistics;
import dev.netsmtp.outbox.SmtpOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The outbox's meters: {@code smtp.outbox.messages} (a gauge per {@code state}),
 * {@code smtp.outbox.oldest.waiting.age} (seconds) and {@code smtp.outbox.attempts} (a counter per
 * {@code outcome}: sent, retry, failed, uncertain). The gauges read the table at most every 5
 * seconds, however often they are scraped; when it cannot be read they show NaN.
 */
public final class SmtpOutboxMetrics implements MeterBinder, OutboxListener {

    private static final Duration FRESH = Duration.ofSeconds(5);

    private final SmtpOutbox outbox;
    private final CopyOnWriteArrayList<Map<OutboxState, Counter>> counters = new CopyOnWriteArrayList<>();
    private @Nullable OutboxStatistics last;
    private long readAt;

    SmtpOutboxMetrics(SmtpOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (OutboxState state : OutboxState.values()) {
            Gauge.builder("smtp.outbox.messages", this, gauge(s -> s.count(state)))
                    .description("Messages in the outbox by state")
                    .baseUnit("messages")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder(
                        "smtp.outbox.oldest.waiting.age",
                        this,
                        gauge(s -> s.oldestWaitingAge().toMillis() / 1000.0))
                .description("Age of the oldest message waiting to be sent")
                .baseUnit("seconds")
                .register(registry);
        Map<OutboxState, Counter> byState = new EnumMap<>(OutboxState.class);
        for (OutboxState s :
                new OutboxState[] {OutboxState.SENT, OutboxState.RETRY, OutboxState.FAILED, OutboxState.UNCERTAIN}) {
            byState.put(
                    s,
                    Counter.builder("smtp.outbox.attempts")
                            .description("Ends of outbox send attempts by outcome")
                            .tag("outcome", s.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
        counters.add(byState);
    }

    @Override
    public void ended(IdempotencyKey key, OutboxState state, int attempt) {
        for (Map<OutboxState, Counter> byState : counters) {
            Counter c = byState.get(state);
            if (c != null) {
                c.increment();
            }
        }
    }

    private static ToDoubleFunction<SmtpOutboxMetrics> gauge(ToDoubleFunction<OutboxStatistics> value) {
        return m -> {
            OutboxStatistics s = m.statistics();
            return s == null ? Double.NaN : value.applyAsDouble(s);
        };
    }

    private synchronized @Nullable OutboxStatistics statistics() {
        long now = System.nanoTime();
        if (last == null || now - readAt > FRESH.toNanos()) {
            try {
                last = outbox.statistics();
            } catch (RuntimeException e) {
                last = null;
            }
            readAt = now;
        }
        return last;
    }
}
