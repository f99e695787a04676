/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.autoconfigure.readme;

import static dev.netsmtp.test.SmtpAssertions.assertThat;

import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.test.autoconfigure.AutoConfigureSmtpTestServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** docs/testing.md's production-like test, as it stands there. */
@SpringBootTest(properties = {"smtp.tls.mode=implicit", "smtp.auth.username=app", "smtp.auth.password=s3cret"})
@AutoConfigureSmtpTestServer(implicitTls = true, users = "app:s3cret")
class ProductionLikeTests {

    @Autowired
    SmtpTestServer smtp;

    @Autowired
    SignupService signup;

    @Test
    void sendsOverImplicitTlsAsTheConfiguredUser() {
        signup.register("ada@example.com");

        assertThat(smtp.awaitMessageTo("ada@example.com"))
                .hasSubject("Welcome")
                .cameOverTls()
                .wasAuthenticatedAs("app");
    }
}
