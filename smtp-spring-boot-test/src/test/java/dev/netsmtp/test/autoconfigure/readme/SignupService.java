/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.autoconfigure.readme;

import dev.netsmtp.SendResult;
import dev.netsmtp.template.SmtpTemplate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

@Service
public class SignupService {

    private final SmtpTemplate smtp;

    public SignupService(SmtpTemplate smtp) {
        this.smtp = smtp;
    }

    public SendResult register(String address) {
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
