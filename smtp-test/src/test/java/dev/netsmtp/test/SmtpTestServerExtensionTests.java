/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * As a JUnit 5 extension: a static field serves the whole class and is reset before each test, an
 * instance field gets a fresh server per test; both are stopped afterwards.
 */
class SmtpTestServerExtensionTests {

    static final List<SmtpTestServer> seen = new ArrayList<>();
    static final List<Integer> countsAtStart = new ArrayList<>();

    static void sendOne(SmtpTestServer server) {
        try (SmtpSession session = Smtp.start(server.clientConfig().build())) {
            session.sendMessage("Subject: x\r\n\r\nx\r\n", "a@example.com", "b@example.com");
        }
        server.awaitMessage();
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StaticField {
        @RegisterExtension
        static final SmtpTestServer smtp = SmtpTestServer.create();

        @Test
        @Order(1)
        void first() {
            seen.add(smtp);
            countsAtStart.add(smtp.messages().size());
            sendOne(smtp);
            smtp.failAt(Step.MAIL).always().reply("451 4.3.0 busy");
        }

        @Test
        @Order(2)
        void second() {
            seen.add(smtp);
            countsAtStart.add(smtp.messages().size());
            // The cue from the first test is gone too.
            sendOne(smtp);
        }
    }

    static class InstanceField {
        @RegisterExtension
        final SmtpTestServer smtp = SmtpTestServer.create();

        @Test
        void one() {
            seen.add(smtp);
            sendOne(smtp);
        }

        @Test
        void two() {
            seen.add(smtp);
            sendOne(smtp);
        }
    }

    @Test
    void aStaticFieldServesTheClassResetBeforeEachTestAndStopsAfter() {
        seen.clear();
        countsAtStart.clear();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(StaticField.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isSameAs(seen.get(1));
        assertThat(countsAtStart).containsExactly(0, 0);
        assertThat(seen.get(0).toString()).contains("stopped");
    }

    @Test
    void anInstanceFieldGetsAServerPerTestStoppedAfterIt() {
        seen.clear();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(InstanceField.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isNotSameAs(seen.get(1));
        assertThat(seen).allSatisfy(s -> assertThat(s.toString()).contains("stopped"));
    }
}
