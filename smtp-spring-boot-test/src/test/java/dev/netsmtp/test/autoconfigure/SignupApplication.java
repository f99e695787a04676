/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.autoconfigure;

import dev.netsmtp.SendResult;
import dev.netsmtp.template.SmtpTemplate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/** An application as a user writes it: a service that sends mail with SmtpTemplate, one with JavaMailSender. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({SignupApplication.SignupService.class, SignupApplication.ReminderService.class})
class SignupApplication {

    @Service
    static class SignupService {
        private final SmtpTemplate smtp;

        SignupService(SmtpTemplate smtp) {
            this.smtp = smtp;
        }

        /** The README's Boot example, as it stands there. */
        SendResult register(String address) {
            // A complete message: receivers penalise one without Date or Message-ID.
            String message = "From: noreply@example.com\r\n"
                    + "To: " + address + "\r\n"
                    + "Subject: Welcome\r\n"
                    + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
                    + "Message-ID: <" + UUID.randomUUID() + "@example.com>\r\n"
                    + "\r\n"
                    + "Hello!\r\n";
            return smtp.send("noreply@example.com", List.of(address), message);
        }
    }

    @Service
    static class ReminderService {
        private final JavaMailSender mail;

        ReminderService(JavaMailSender mail) {
            this.mail = mail;
        }

        void remind(String address) {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom("noreply@example.com");
            message.setTo(address);
            message.setSubject("Erinnerung");
            message.setText("Bitte bestätigen.");
            mail.send(message);
        }
    }
}
