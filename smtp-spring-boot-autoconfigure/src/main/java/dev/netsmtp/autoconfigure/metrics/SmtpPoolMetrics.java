/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.metrics;

import dev.netsmtp.pool.PoolStats;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The pools' gauges, one set per {@link PooledSmtpSessionFactory} bean, tagged {@code pool.name}
 * with its bean name, shaped as Micrometer's and OpenTelemetry's connection-pool gauges are:
 * {@code smtp.client.connection.count} with {@code state} {@code used} or {@code idle},
 * {@code smtp.client.connection.max}, and {@code smtp.client.connection.pending_requests} (threads
 * waiting for a session); base unit {@code connections}.
 */
public class SmtpPoolMetrics implements MeterBinder {

    private final Map<String, PooledSmtpSessionFactory> pools;

    /**
     * Creates the binder.
     *
     * @param pools the pools to watch, by bean name
     */
    public SmtpPoolMetrics(Map<String, PooledSmtpSessionFactory> pools) {
        this.pools = Map.copyOf(pools);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        pools.forEach((name, pool) -> {
            gauge(
                    registry,
                    "smtp.client.connection.count",
                    name,
                    pool,
                    s -> s.active(),
                    "used",
                    "SMTP sessions lent out");
            gauge(
                    registry,
                    "smtp.client.connection.count",
                    name,
                    pool,
                    s -> s.idle(),
                    "idle",
                    "SMTP sessions idle in the pool");
            gauge(
                    registry,
                    "smtp.client.connection.max",
                    name,
                    pool,
                    s -> s.maxTotal(),
                    null,
                    "The most SMTP sessions the pool opens");
            gauge(
                    registry,
                    "smtp.client.connection.pending_requests",
                    name,
                    pool,
                    s -> s.waiting(),
                    null,
                    "Threads waiting for an SMTP session");
        });
    }

    private static void gauge(
            MeterRegistry registry,
            String meter,
            String pool,
            PooledSmtpSessionFactory factory,
            ToDoubleFunction<PoolStats> value,
            @org.jspecify.annotations.Nullable String state,
            String description) {
        Gauge.Builder<PooledSmtpSessionFactory> b = Gauge.builder(meter, factory, f -> value.applyAsDouble(f.stats()))
                .description(description)
                .baseUnit("connections")
                .tag("pool.name", pool);
        if (state != null) {
            b.tag("state", state);
        }
        b.register(registry);
    }
}
