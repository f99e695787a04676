/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.autoconfigure;

import static dev.netsmtp.test.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpServerBusyException;
import dev.netsmtp.autoconfigure.mail.SmtpMailSendException;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.test.Step;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A user's {@code @SpringBootTest} with the kit: the application's production settings (another
 * host, STARTTLS required, credentials) stay, the kit points the host at its server and the client
 * trusts it; a sent message and a forced 4xx are asserted on; each test starts clean.
 */
@SpringBootTest(
        classes = SignupApplication.class,
        properties = {
            "smtp.host=smtp.example.com",
            "smtp.port=587",
            "smtp.tls.mode=starttls-required",
            "smtp.auth.username=app@example.com",
            "smtp.auth.password=app-secret",
            "smtp.retry.initial-delay=1ms",
            "smtp.retry.max-delay=2ms"
        })
@AutoConfigureSmtpTestServer
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoConfigureSmtpTestServerTests {

    @Autowired
    SmtpTestServer smtp;

    @Autowired
    SignupApplication.SignupService signup;

    @Autowired
    SignupApplication.ReminderService reminders;

    @Test
    @Order(1)
    void assertsOnWhatWasSent() {
        signup.register("ada@example.com");

        assertThat(smtp.awaitMessage())
                .isFrom("noreply@example.com")
                .hasRecipients("ada@example.com")
                .hasSubject("Welcome")
                .hasTextContaining("Hello!")
                .cameOverTls()
                .wasAuthenticatedAs("app@example.com");
        // The README's example message is complete.
        assertThat(smtp.awaitMessage().header("Date")).isPresent();
        assertThat(smtp.awaitMessage().header("Message-ID")).get().asString().endsWith("@example.com>");
    }

    @Test
    @Order(2)
    void eachTestStartsWithAnEmptyServerAndNoCues() {
        assertThat(smtp).hasReceivedNothing();
    }

    @Test
    @Order(3)
    void aForced4xxReachesTheApplication() {
        smtp.failAt(Step.MAIL).always().reply("451 4.3.0 Try again later");

        assertThatThrownBy(() -> signup.register("ada@example.com"))
                .isInstanceOf(SmtpServerBusyException.class)
                .hasMessageContaining("451 4.3.0 Try again later");
        assertThat(smtp).hasReceivedNothing();
    }

    @Test
    @Order(4)
    void aSingle4xxIsRetriedAndDeliveredOnce() {
        smtp.failAt(Step.MAIL).reply("451 4.3.0 Try again later");

        signup.register("ada@example.com");

        assertThat(smtp).hasReceived(1);
    }

    @Test
    @Order(5)
    void javaMailSenderCodeIsTestedTheSameWay() {
        reminders.remind("grace@example.com");
        assertThat(smtp.awaitMessage()).hasSubject("Erinnerung").hasTextContaining("Bitte bestätigen.");

        smtp.failAt(Step.RCPT, "bob@example.com").always().reply("550 5.1.1 No such user");
        assertThatThrownBy(() -> reminders.remind("bob@example.com"))
                .isInstanceOf(SmtpMailSendException.class)
                .hasMessageContaining("1 of 1 message not sent");
    }

    @Test
    @Order(6)
    void aLostReplyIsUncertainForTheApplication() {
        smtp.failAt(Step.END_OF_DATA).deliverThenDisconnect();
        assertThatThrownBy(() -> reminders.remind("grace@example.com"))
                .isInstanceOfSatisfying(SmtpMailSendException.class, e -> assertThat(e.getUncertainMessages())
                        .hasSize(1));
        // Delivered once, and not sent again by the retry policy.
        assertThat(smtp).hasReceived(1);
    }
}
