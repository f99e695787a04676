/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static dev.netsmtp.test.SmtpAssertions.assertThat;

import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpSession;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kit as an application's test uses it, with nothing but JUnit Jupiter's API, the kit and its
 * assertions: a class-wide server and a per-test one, reset between tests. Also run on Jupiter
 * 5.13 by {@link OnJUnit5Tests}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AsAnApplicationUsesItTests {

    @RegisterExtension
    static final SmtpTestServer shared = SmtpTestServer.create();

    @RegisterExtension
    final SmtpTestServer perTest = SmtpTestServer.builder().chunking(false).build();

    @Test
    @Order(1)
    void sendsToBoth() {
        for (SmtpTestServer server : new SmtpTestServer[] {shared, perTest}) {
            try (SmtpSession session = Smtp.start(server.clientConfig().build())) {
                session.sendMessage("Subject: Hi\r\n\r\nhello\r\n", "app@example.com", "ada@example.com");
            }
            assertThat(server.awaitMessageTo("ada@example.com")).hasSubject("Hi");
        }
    }

    @Test
    @Order(2)
    void theSharedServerWasResetBeforeThisTest() {
        assertThat(shared).hasReceivedNothing();
        assertThat(perTest).hasReceivedNothing();
    }
}
