/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static dev.netsmtp.test.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.test.autoconfigure.AutoConfigureSmtpTestServer;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The sample's mail code tested as a user would test theirs, with netsmtp's test kit: through
 * either API the message is complete (Date, Message-ID, a UTF-8 subject and display name that
 * decode) and goes to the envelope's recipients.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "smtp.retry.max-attempts=1")
@AutoConfigureSmtpTestServer
class MailServiceTests {

    @Autowired
    SmtpTestServer smtp;

    @Autowired
    MailService mail;

    @ParameterizedTest
    @EnumSource(SendRequest.Via.class)
    void theMessageIsCompleteAndDecodesAsSent(SendRequest.Via via) throws Exception {
        SendRequest request = new SendRequest(
                "Jürgen <me@example.com>", List.of("you@example.com"), "Grüße aus Köln", "Hallo, schöne Welt", via);
        switch (via) {
            case TEMPLATE -> assertThat(mail.sendWithTemplate(request).acceptedRecipients())
                    .containsExactly("you@example.com");
            case JAVA_MAIL_SENDER -> mail.sendWithJavaMailSender(request);
        }

        var received = smtp.awaitMessage();
        assertThat(received)
                .isFrom("me@example.com")
                .hasRecipients("you@example.com")
                .hasSubject("Grüße aus Köln")
                .hasTextContaining("Hallo, schöne Welt");
        assertThat(((InternetAddress) received.mimeMessage().getFrom()[0]).getPersonal())
                .as("the display name, encoded (RFC 2047) and decoded")
                .isEqualTo("Jürgen");
        assertThat(received.header("Date")).isPresent();
        assertThat(received.header("Message-ID")).get().asString().endsWith("@example.com>");
    }
}
