/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.netsmtp.template.SmtpTemplate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The instance's share of the outbox's work: db-scheduler's scheduler on the outbox's database,
 * whose threads take due messages (no two instances the same one; a dead instance is detected by its
 * missed heartbeats) and send each with the template (how an attempt ends: {@link OutboxState}).
 * One instance of the cluster at a time also purges sent rows and repairs rows left without work.
 * Close it to stop taking work; what is being sent is finished first (up to 30 seconds).
 */
public final class OutboxWorkers implements AutoCloseable {

    static final String MAINTENANCE = "smtp-outbox-maintenance";

    private final Scheduler scheduler;
    private final String node;

    private OutboxWorkers(Scheduler scheduler, String node) {
        this.scheduler = scheduler;
        this.node = node;
    }

    /**
     * Starts the workers.
     *
     * @param dataSource the outbox's database (with the tables of {@link OutboxSchema})
     * @param template what sends
     * @param settings threads, heartbeats, retries, retention
     * @param listener told of every attempt's end
     * @return the running workers
     */
    public static OutboxWorkers start(
            DataSource dataSource, SmtpTemplate template, OutboxSettings settings, OutboxListener listener) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        Clock clock = Clock.systemUTC();
        OutboxStore store = new OutboxStore(dataSource);
        SendWork work = new SendWork(store, template, settings, listener, clock);
        CustomTask<Void> send = Tasks.custom(SmtpOutbox.TASK, Void.class)
                .onFailure((complete, ops) ->
                        ops.reschedule(complete, clock.instant().plusSeconds(5)))
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> work.run(instance.getId(), context));
        Maintenance maintenance = new Maintenance(store, dataSource, settings, listener, clock);
        RecurringTask<Void> upkeep = Tasks.recurring(MAINTENANCE, FixedDelay.of(settings.maintenanceInterval()))
                .execute((instance, context) -> maintenance.run());
        SchedulerBuilder builder = Scheduler.create(dataSource, send)
                .startTasks(upkeep)
                .threads(settings.threads())
                .pollingInterval(settings.pollingInterval())
                .heartbeatInterval(settings.heartbeatInterval())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .schedulerName(new SchedulerName.Fixed(settings.nodeName()))
                .shutdownMaxWait(Duration.ofSeconds(30));
        if (isPostgres(dataSource)) {
            // One UPDATE ... RETURNING takes a batch of due items (SKIP LOCKED): the engine's fastest way.
            builder.pollUsingLockAndFetch(0.5, 1.0);
        }
        Scheduler scheduler = builder.build();
        scheduler.start();
        return new OutboxWorkers(scheduler, settings.nodeName());
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase(Locale.ROOT)
                    .contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the outbox's database: " + e.getMessage(), e);
        }
    }

    /** Stops taking work, lets running sends finish (up to 30 seconds) and returns. */
    @Override
    public void close() {
        scheduler.stop();
    }

    /**
     * Tells whether the workers take work: started and not closed.
     *
     * @return true while running
     */
    public boolean isRunning() {
        return scheduler.getSchedulerState().isStarted()
                && !scheduler.getSchedulerState().isShuttingDown();
    }

    @Override
    public String toString() {
        return "OutboxWorkers[node=" + node + (isRunning() ? ", running]" : ", stopped]");
    }

    /** The cluster's upkeep, run by one instance at a time. */
    private static final class Maintenance {
        private final OutboxStore store;
        private final SmtpOutbox outbox;
        private final OutboxSettings settings;
        private final OutboxListener listener;
        private final Clock clock;

        Maintenance(
                OutboxStore store,
                DataSource dataSource,
                OutboxSettings settings,
                OutboxListener listener,
                Clock clock) {
            this.store = store;
            this.outbox = SmtpOutbox.create(dataSource);
            this.settings = settings;
            this.listener = listener;
            this.clock = clock;
        }

        void run() {
            Instant now = clock.instant();
            store.purgeSent(now.minus(settings.retention()));
            // A row is an orphan only when no work item has pointed at it for longer than a dead
            // instance takes to be noticed: an enqueue's row and item commit together.
            Duration grace = settings.heartbeatInterval().multipliedBy(settings.missedHeartbeats() * 2L);
            for (OutboxStore.Orphan o : store.orphans(SmtpOutbox.TASK, now.minus(grace), 1000)) {
                if (o.state() == OutboxState.SENDING) {
                    if (store.park(o.key(), o.attempts(), "no worker recorded an outcome", now)) {
                        listener.ended(dev.netsmtp.IdempotencyKey.of(o.key()), OutboxState.UNCERTAIN, o.attempts());
                    }
                } else {
                    outbox.reschedule(o.workItem(), now);
                }
            }
        }
    }
}
