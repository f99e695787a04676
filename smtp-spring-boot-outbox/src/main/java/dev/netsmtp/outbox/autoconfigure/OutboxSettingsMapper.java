/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox.autoconfigure;

import dev.netsmtp.autoconfigure.InvalidSmtpPropertyException;
import dev.netsmtp.outbox.OutboxSettings;
import java.time.Duration;

/** {@code smtp.outbox.*} into {@link OutboxSettings}, each refusal naming its property. */
final class OutboxSettingsMapper {

    private OutboxSettingsMapper() {}

    static OutboxSettings settings(SmtpOutboxProperties p) {
        OutboxSettings.Builder b = OutboxSettings.builder();
        OutboxSettings defaults = OutboxSettings.defaults();
        SmtpOutboxProperties.Workers w = p.workers();
        Integer threads = w.threads();
        if (threads != null) {
            apply("smtp.outbox.workers.threads", threads, () -> b.threads(threads));
        }
        Integer batch = w.batchSize();
        if (batch != null) {
            apply("smtp.outbox.workers.batch-size", batch, () -> b.batchSize(batch));
        }
        Duration polling = w.pollingInterval();
        if (polling != null) {
            apply("smtp.outbox.workers.polling-interval", polling, () -> b.pollingInterval(polling));
        }
        Duration heartbeat = w.heartbeatInterval();
        Integer missed = w.missedHeartbeats();
        if (heartbeat != null) {
            apply(
                    "smtp.outbox.workers.heartbeat-interval",
                    heartbeat,
                    () -> b.heartbeat(heartbeat, missed != null ? missed : defaults.missedHeartbeats()));
        }
        if (missed != null) {
            apply(
                    "smtp.outbox.workers.missed-heartbeats",
                    missed,
                    () -> b.heartbeat(heartbeat != null ? heartbeat : defaults.heartbeatInterval(), missed));
        }
        Duration maintenance = w.maintenanceInterval();
        if (maintenance != null) {
            apply("smtp.outbox.workers.maintenance-interval", maintenance, () -> b.maintenanceInterval(maintenance));
        }
        String node = w.nodeName();
        if (node != null) {
            apply("smtp.outbox.workers.node-name", node, () -> b.nodeName(node));
        }
        Duration initial = p.retry().initial();
        Duration max = p.retry().max();
        if (initial != null) {
            apply(
                    "smtp.outbox.retry.initial",
                    initial,
                    () -> b.retry(initial, max != null ? max : defaults.retryMax()));
        }
        if (max != null) {
            apply(
                    "smtp.outbox.retry.max",
                    max,
                    () -> b.retry(initial != null ? initial : defaults.retryInitial(), max));
        }
        Duration maxAge = p.maxAge();
        if (maxAge != null) {
            apply("smtp.outbox.max-age", maxAge, () -> b.maxAge(maxAge));
        }
        Duration retention = p.retention();
        if (retention != null) {
            apply("smtp.outbox.retention", retention, () -> b.retention(retention));
        }
        return b.build();
    }

    private static void apply(String property, Object value, Runnable set) {
        try {
            set.run();
        } catch (IllegalArgumentException e) {
            throw new InvalidSmtpPropertyException(
                    property,
                    value,
                    String.valueOf(e.getMessage()),
                    "set " + property + " to a value the outbox takes",
                    e);
        }
    }
}
