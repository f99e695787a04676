/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import dev.netsmtp.pool.PoolStats;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The pool's state and the send counts, for the page's live panel. */
@RestController
public class StatusController {

    private final ObjectProvider<PooledSmtpSessionFactory> pool;
    private final ObjectProvider<MeterRegistry> meters;

    /**
     * Creates the controller.
     *
     * @param pool the pooled session factory, for its state
     * @param meters the meter registry, for the send metrics
     */
    public StatusController(ObjectProvider<PooledSmtpSessionFactory> pool, ObjectProvider<MeterRegistry> meters) {
        this.pool = pool;
        this.meters = meters;
    }

    /**
     * The pool's state.
     *
     * @param active sessions lent out
     * @param idle sessions waiting
     * @param created connections opened since start
     * @param borrowed loans since start
     * @param maxTotal the most sessions at once
     */
    public record Pool(int active, int idle, long created, long borrowed, int maxTotal) {}

    /**
     * The panel's figures.
     *
     * @param pool the pool, when the template uses one
     * @param messages sends by outcome: sent, failed, uncertain
     */
    public record Status(Optional<Pool> pool, Map<String, Long> messages) {}

    /**
     * The pool's state and the send counts.
     *
     * @return the figures
     */
    @GetMapping("/api/status")
    public Status status() {
        Optional<Pool> state = Optional.ofNullable(pool.getIfAvailable()).map(factory -> {
            PoolStats s = factory.stats();
            return new Pool(s.active(), s.idle(), s.created(), s.borrowed(), s.maxTotal());
        });
        Map<String, Long> messages = new LinkedHashMap<>();
        MeterRegistry registry = meters.getIfAvailable();
        for (String outcome : List.of("sent", "failed", "uncertain")) {
            double n = 0;
            if (registry != null) {
                // Each send's observation, timed by Boot's metrics: one timer per outcome.
                for (Timer t : registry.find("smtp.client.send")
                        .tag("smtp.outcome", outcome)
                        .timers()) {
                    n += t.count();
                }
            }
            messages.put(outcome, (long) n);
        }
        return new Status(state, messages);
    }
}
