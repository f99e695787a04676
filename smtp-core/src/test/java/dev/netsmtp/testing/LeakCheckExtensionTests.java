/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The leak check fails a class that leaves a socket open or a non-daemon thread running. */
class LeakCheckExtensionTests {

    static final List<AutoCloseable> leftOpen = new ArrayList<>();

    static class LeavesASocketOpen {
        @Test
        void opens() throws Exception {
            leftOpen.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        }
    }

    static class LeavesAThreadRunning {
        @Test
        void starts() {
            Thread t = new Thread(
                    () -> {
                        try {
                            Thread.sleep(10_000);
                        } catch (InterruptedException e) {
                            // stopped by the test below
                        }
                    },
                    "left-running");
            t.start();
            leftOpen.add(t::interrupt);
        }
    }

    static class ClosesEverything {
        @Test
        void closes() throws Exception {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.isBound()).isTrue();
            }
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        for (AutoCloseable c : leftOpen) {
            c.close();
        }
    }

    private static Events containers(Class<?> test) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .selectors(selectClass(test))
                .execute()
                .containerEvents();
    }

    @Test
    void aSocketLeftOpenFailsTheClass() {
        assertThat(containers(LeavesASocketOpen.class).failed().stream())
                .anySatisfy(e -> assertThat(e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                                .orElseThrow())
                        .hasMessageContaining("open socket"));
    }

    @Test
    void aThreadLeftRunningFailsTheClass() {
        assertThat(containers(LeavesAThreadRunning.class).failed().stream())
                .anySatisfy(e -> assertThat(e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                                .orElseThrow())
                        .hasMessageContaining("left-running"));
    }

    @Test
    void aTidyClassPasses() {
        containers(ClosesEverything.class).assertStatistics(s -> s.failed(0));
    }
}
