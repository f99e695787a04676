/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code smtp.outbox.*}: the outbox's database tables, its workers on this instance, retries,
 * retention and health. A worker setting left unset takes {@link dev.netsmtp.outbox.OutboxSettings}'
 * default, which is written there only.
 *
 * @param enabled whether to configure the outbox at all (default true)
 * @param initializeSchema when to create the tables at start-up: {@code embedded} (default: only on
 *     an embedded database such as H2), {@code always}, {@code never} (a migration tool does it)
 * @param workers this instance's workers
 * @param retry the waits between retries of transient refusals
 * @param maxAge how long after enqueueing a message may still be retried
 * @param retention how long sent messages are kept
 * @param health when the outbox's health turns DOWN
 */
@ConfigurationProperties("smtp.outbox")
public record SmtpOutboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("embedded") SchemaInitialization initializeSchema,
        @DefaultValue Workers workers,
        @DefaultValue Retry retry,
        @Nullable Duration maxAge,
        @Nullable Duration retention,
        @DefaultValue Health health) {

    /** When the tables are created at start-up. */
    public enum SchemaInitialization {
        /** Only on an embedded database. */
        EMBEDDED,
        /** Always (the statements are safe to run again). */
        ALWAYS,
        /** Never: the application's migrations create them. */
        NEVER
    }

    /**
     * This instance's workers.
     *
     * @param enabled whether this instance sends (default true; false for instances that only enqueue)
     * @param threads sending threads
     * @param batchSize messages a thread marks and sends at once (1 to 1,000)
     * @param pollingInterval how often an idle instance looks for due messages
     * @param heartbeatInterval how often an instance writes its heartbeat
     * @param missedHeartbeats missed heartbeats after which an instance is dead
     * @param maintenanceInterval how often the cluster purges and repairs
     * @param nodeName this instance's name in the outbox (default: host name and process id)
     */
    public record Workers(
            @DefaultValue("true") boolean enabled,
            @Nullable Integer threads,
            @Nullable Integer batchSize,
            @Nullable Duration pollingInterval,
            @Nullable Duration heartbeatInterval,
            @Nullable Integer missedHeartbeats,
            @Nullable Duration maintenanceInterval,
            @Nullable String nodeName) {}

    /**
     * Retry waits: the first, doubled up to the longest, with jitter.
     *
     * @param initial the first wait
     * @param max the longest wait
     */
    public record Retry(@Nullable Duration initial, @Nullable Duration max) {}

    /**
     * Health.
     *
     * @param maxWaitingAge DOWN when the oldest message waiting to be sent is older (default 15 minutes)
     */
    public record Health(@DefaultValue("15m") Duration maxWaitingAge) {}
}
