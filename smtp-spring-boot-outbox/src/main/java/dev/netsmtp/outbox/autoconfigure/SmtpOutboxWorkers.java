/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox.autoconfigure;

import dev.netsmtp.outbox.OutboxListener;
import dev.netsmtp.outbox.OutboxSettings;
import dev.netsmtp.outbox.OutboxWorkers;
import dev.netsmtp.template.SmtpTemplate;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * The outbox's workers as part of the application's life: started with the context, stopped (what
 * is being sent finished first) before the SMTP pool and the database close.
 */
public final class SmtpOutboxWorkers implements SmartLifecycle {

    private final DataSource dataSource;
    private final SmtpTemplate template;
    private final OutboxSettings settings;
    private final List<OutboxListener> listeners;
    private volatile @Nullable OutboxWorkers workers;

    SmtpOutboxWorkers(
            DataSource dataSource, SmtpTemplate template, OutboxSettings settings, List<OutboxListener> listeners) {
        this.dataSource = dataSource;
        this.template = template;
        this.settings = settings;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Returns the settings the workers run with.
     *
     * @return the settings
     */
    public OutboxSettings settings() {
        return settings;
    }

    @Override
    public synchronized void start() {
        if (workers == null) {
            workers = OutboxWorkers.start(dataSource, template, settings, (key, state, attempt) -> {
                for (OutboxListener l : listeners) {
                    l.ended(key, state, attempt);
                }
            });
        }
    }

    @Override
    public synchronized void stop() {
        OutboxWorkers running = workers;
        workers = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean isRunning() {
        OutboxWorkers running = workers;
        return running != null && running.isRunning();
    }

    @Override
    public String toString() {
        OutboxWorkers running = workers;
        return running == null ? "SmtpOutboxWorkers[stopped]" : running.toString();
    }
}
