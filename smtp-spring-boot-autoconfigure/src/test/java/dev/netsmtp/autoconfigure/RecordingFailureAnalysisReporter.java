/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Keeps what Boot reports when an application fails to start (registered in this module's test
 * {@code META-INF/spring.factories}, beside Boot's logging reporter), so a test can read the
 * analysis a user would see, made by the analyzers Boot picked, in Boot's order.
 */
public final class RecordingFailureAnalysisReporter implements FailureAnalysisReporter {

    private static final List<FailureAnalysis> REPORTED = new ArrayList<>();

    /** Created by Boot. */
    public RecordingFailureAnalysisReporter() {}

    @Override
    public void report(FailureAnalysis analysis) {
        synchronized (REPORTED) {
            REPORTED.add(analysis);
        }
    }

    /** Forgets what was reported. */
    static void clear() {
        synchronized (REPORTED) {
            REPORTED.clear();
        }
    }

    /** The one analysis reported since {@link #clear()}. */
    static FailureAnalysis only() {
        synchronized (REPORTED) {
            if (REPORTED.size() != 1) {
                throw new AssertionError("expected one failure analysis, got " + REPORTED.size() + ": " + REPORTED);
            }
            return REPORTED.get(0);
        }
    }
}
