/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.docs;

import static dev.netsmtp.test.SmtpAssertions.assertThat;

import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.test.SmtpTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docs/testing.md's test without Spring, as it stands there. */
class WelcomeTests {

    @RegisterExtension
    static final SmtpTestServer smtp = SmtpTestServer.create();

    @Test
    void welcomesNewUsers() {
        try (SmtpSession session = Smtp.start(smtp.clientConfig().build())) {
            session.sendMessage("Subject: Welcome\r\n\r\nHello!\r\n", "app@example.com", "ada@example.com");
        }
        assertThat(smtp.awaitMessage()).hasSubject("Welcome");
    }
}
