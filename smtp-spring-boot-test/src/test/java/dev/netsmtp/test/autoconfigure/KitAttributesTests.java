/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.autoconfigure;

import static dev.netsmtp.test.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.SmtpMessageTooLargeException;
import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.test.SmtpTestServer;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfigurationAttributes;

/**
 * Each attribute of {@code @AutoConfigureSmtpTestServer} against the application's real settings:
 * the server is the one production has, so the settings are what the test exercises, and a
 * mismatch fails the test as it would fail in production.
 */
class KitAttributesTests {

    /** Production says implicit TLS on 465 with credentials; the kit speaks implicit TLS and knows the user. */
    @Nested
    @SpringBootTest(
            classes = SignupApplication.class,
            properties = {
                "smtp.host=smtp.example.com",
                "smtp.port=465",
                "smtp.tls.mode=implicit",
                "smtp.auth.username=app",
                "smtp.auth.password=s3cret"
            })
    @AutoConfigureSmtpTestServer(implicitTls = true, users = "app:s3cret")
    class ImplicitTlsAndUsers {

        @Autowired
        SmtpTestServer smtp;

        @Autowired
        SignupApplication.SignupService signup;

        @Test
        void sendsOverImplicitTlsAsTheConfiguredUser() {
            signup.register("ada@example.com");
            assertThat(smtp.awaitMessageTo("ada@example.com"))
                    .hasSubject("Welcome")
                    .cameOverTls()
                    .wasAuthenticatedAs("app");
            assertThat(smtp.awaitMessageTo("ada@example.com").transcript()).noneMatch(l -> l.contains("STARTTLS"));
        }
    }

    /** The kit knows another password than the application's: the login is refused, as it would be. */
    @Nested
    @SpringBootTest(
            classes = SignupApplication.class,
            properties = {
                "smtp.host=smtp.example.com",
                "smtp.tls.mode=starttls-required",
                "smtp.auth.username=app",
                "smtp.auth.password=stale",
                "smtp.retry.max-attempts=1"
            })
    @AutoConfigureSmtpTestServer(users = "app:s3cret")
    class OtherCredentials {

        @Autowired
        SmtpTestServer smtp;

        @Autowired
        SignupApplication.SignupService signup;

        @Test
        void aWrongPasswordIsRefused() {
            assertThatThrownBy(() -> signup.register("ada@example.com"))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("535");
            assertThat(smtp).hasReceivedNothing();
        }
    }

    /** A server without STARTTLS and an application that requires it: nothing is sent. */
    @Nested
    @SpringBootTest(
            classes = SignupApplication.class,
            properties = {"smtp.host=smtp.example.com", "smtp.tls.mode=starttls-required", "smtp.retry.max-attempts=1"})
    @AutoConfigureSmtpTestServer(starttls = false)
    class NoStartTls {

        @Autowired
        SmtpTestServer smtp;

        @Autowired
        SignupApplication.SignupService signup;

        @Test
        void theRequiredTlsIsNotDroppedAndNothingIsSent() {
            assertThatThrownBy(() -> signup.register("ada@example.com"))
                    .isInstanceOf(SmtpTlsException.class)
                    .hasMessageContaining("does not advertise STARTTLS")
                    .hasMessageContaining("smtp.tls.mode=starttls");
            assertThat(smtp).hasReceivedNothing();
        }
    }

    /** A server without CHUNKING and with a 2,000-byte SIZE: DATA is used, and a larger message never goes. */
    @Nested
    @SpringBootTest(classes = SignupApplication.class, properties = "smtp.host=smtp.example.com")
    @AutoConfigureSmtpTestServer(chunking = false, maxMessageSize = 2_000)
    class NoChunkingAndASize {

        @Autowired
        SmtpTestServer smtp;

        @Autowired
        SmtpTemplate template;

        @Test
        void smallGoesByDataLargeIsRefusedBeforeSending() {
            template.send("a@example.com", List.of("small@example.com"), "Subject: small\r\n\r\nhi\r\n");
            assertThat(smtp.awaitMessageWithSubject("small").transcript())
                    .anyMatch(l -> l.startsWith("C: DATA"))
                    .noneMatch(l -> l.startsWith("C: BDAT"));

            String large = "Subject: large\r\n\r\n" + "x".repeat(3_000) + "\r\n";
            assertThatThrownBy(() -> template.send("a@example.com", List.of("large@example.com"), large))
                    .isInstanceOf(SmtpMessageTooLargeException.class);
            assertThat(smtp.messagesTo("large@example.com")).isEmpty();
            assertThat(smtp).hasReceivedMessageTo("small@example.com").hasSubject("small");
        }
    }

    @Test
    void theAttributesArePartOfTheContextCacheKey() {
        var factory = new SmtpTestServerContextCustomizerFactory();
        List<ContextConfigurationAttributes> none = List.of();
        var implicit = factory.createContextCustomizer(ImplicitTlsAndUsers.class, none);
        var other = factory.createContextCustomizer(OtherCredentials.class, none);
        var sameAsImplicit = factory.createContextCustomizer(SameAsImplicit.class, none);
        assertThat(implicit).isNotNull().isNotEqualTo(other).isEqualTo(sameAsImplicit);
        assertThat(implicit.hashCode()).isEqualTo(sameAsImplicit.hashCode());
        assertThat(implicit.toString()).contains("users=[app]").doesNotContain("s3cret");
    }

    @AutoConfigureSmtpTestServer(implicitTls = true, users = "app:s3cret")
    static class SameAsImplicit {}
}
