/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** The last {@value #KEPT} sends' reports, newest first, so that a reload of the page keeps them. */
@Component
public class SendLog {

    static final int KEPT = 20;

    private final Deque<SendReport> reports = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** Creates the log; Spring does. */
    public SendLog() {}

    /**
     * The next send's number.
     *
     * @return a number, from 1
     */
    int nextId() {
        return ids.incrementAndGet();
    }

    /**
     * Keeps a report, forgetting the oldest past {@value #KEPT}.
     *
     * @param report the report
     * @return the report
     */
    SendReport keep(SendReport report) {
        synchronized (reports) {
            reports.addFirst(report);
            while (reports.size() > KEPT) {
                reports.removeLast();
            }
        }
        return report;
    }

    /**
     * The reports, newest first.
     *
     * @return a copy
     */
    public List<SendReport> reports() {
        synchronized (reports) {
            return new ArrayList<>(reports);
        }
    }

    /**
     * The connection the newest send that reached a server went on.
     *
     * @return the connection, or empty before any
     */
    public Optional<SendReport.Connection> lastConnection() {
        synchronized (reports) {
            return reports.stream()
                    .map(SendReport::connection)
                    .filter(c -> c != null)
                    .findFirst();
        }
    }
}
