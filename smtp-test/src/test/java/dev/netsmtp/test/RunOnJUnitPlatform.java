/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one test class on whatever JUnit Platform is on the class path and exits 0 when every test
 * passed: {@link OnJUnit5Tests} runs it in a JVM of its own on JUnit 5.13.
 */
public final class RunOnJUnitPlatform {

    private RunOnJUnitPlatform() {}

    /**
     * Runs the class.
     *
     * @param args the test class's name
     */
    public static void main(String[] args) {
        System.out.println(
                "jupiter=" + org.junit.jupiter.api.Test.class.getPackage().getImplementationVersion());
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(DiscoverySelectors.selectClass(args[0]))
                        .build(),
                listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printFailuresTo(new java.io.PrintWriter(System.out, true), 20);
        System.out.println(
                "succeeded=" + summary.getTestsSucceededCount() + " failed=" + summary.getTotalFailureCount());
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
