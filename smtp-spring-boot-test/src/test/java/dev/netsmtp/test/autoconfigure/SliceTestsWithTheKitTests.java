/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.autoconfigure;

import static dev.netsmtp.test.SmtpAssertions.assertThat;

import dev.netsmtp.test.SmtpTestServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** Without Boot's auto-configuration at all (a slice), the annotation brings netsmtp's. */
@SpringJUnitConfig(SignupApplication.SignupService.class)
@AutoConfigureSmtpTestServer
class SliceTestsWithTheKitTests {

    @Test
    void theSliceGetsATemplatePointedAtTheServer(
            @Autowired SignupApplication.SignupService signup, @Autowired SmtpTestServer smtp) {
        signup.register("ada@example.com");
        assertThat(smtp.awaitMessage()).hasRecipients("ada@example.com").hasSubject("Welcome");
    }
}
