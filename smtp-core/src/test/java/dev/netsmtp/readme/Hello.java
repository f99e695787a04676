/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.readme;

import dev.netsmtp.SendResult;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;

/** The README's plain-Java example, as it stands there. */
public class Hello {

    public static void main(String[] args) {
        // java Hello [host] [port]: a local server by default
        SmtpConfig config = SmtpConfig.builder()
                .host(args.length > 0 ? args[0] : "127.0.0.1")
                .port(args.length > 1 ? Integer.parseInt(args[1]) : 25)
                .helo("app.example.com")
                .build();
        String message =
                """
                From: Alice <alice@example.com>
                To: Bob <bob@example.com>
                Subject: Hello from netsmtp

                Hi Bob, this went out over SMTP.
                """;
        Smtp.start(config, session -> {
            SendResult result = session.sendMessage(message, "alice@example.com", "bob@example.com");
            System.out.println("accepted: " + result.acceptedRecipients() + ", reply: " + result.reply());
        });
    }
}
