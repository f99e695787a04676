/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.autoconfigure.readme;

import static dev.netsmtp.test.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpServerBusyException;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.test.Step;
import dev.netsmtp.test.autoconfigure.AutoConfigureSmtpTestServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The README's test, as it stands there, against the README's service. */
@SpringBootTest
@AutoConfigureSmtpTestServer
class SignupTests {

    @Autowired
    SmtpTestServer smtp;

    @Autowired
    SignupService signup;

    @Test
    void sendsTheWelcomeMail() {
        signup.register("ada@example.com");

        assertThat(smtp.awaitMessage())
                .isFrom("noreply@example.com")
                .hasRecipients("ada@example.com")
                .hasSubject("Welcome")
                .hasTextContaining("Hello!");
    }

    @Test
    void aRefusalReachesTheCaller() {
        smtp.failAt(Step.MAIL).always().reply("451 4.3.0 Try again later");

        assertThatThrownBy(() -> signup.register("ada@example.com"))
                .isInstanceOf(SmtpServerBusyException.class)
                .hasMessageContaining("451 4.3.0 Try again later");
        assertThat(smtp).hasReceivedNothing();
    }
}
