/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import dev.netsmtp.SendResult;
import dev.netsmtp.template.SmtpTemplate;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * An ordinary service that sends mail through the injected {@link SmtpTemplate}. Composing the
 * message is the caller's job with netsmtp, as with Net::SMTP; this is a minimal RFC 5322 text
 * message.
 */
@Service
public class MailService {

    private final SmtpTemplate smtp;

    /**
     * Creates the service.
     *
     * @param smtp the auto-configured template
     */
    public MailService(SmtpTemplate smtp) {
        this.smtp = smtp;
    }

    /**
     * Sends a plain text message.
     *
     * @param from the sender
     * @param to the recipients
     * @param subject the subject, any characters but line breaks
     * @param body the text
     * @return the server's answers
     * @throws IllegalArgumentException when an address or the subject is not acceptable
     * @throws dev.netsmtp.SmtpException when the server refuses or cannot be reached
     */
    public SendResult send(String from, List<String> to, String subject, String body) {
        Mailbox sender = Mailbox.parse("from", from);
        List<Mailbox> recipients = to.stream().map(t -> Mailbox.parse("to", t)).toList();
        return smtp.send(
                sender.address(),
                recipients.stream().map(Mailbox::address).toList(),
                compose(sender, recipients, subject, body));
    }

    /**
     * Composes a plain text message.
     *
     * @param from the sender, {@code address} or {@code Name <address>}
     * @param to the recipients, each {@code address} or {@code Name <address>}
     * @param subject the subject, any characters but line breaks
     * @param body the text
     * @return the message as RFC 5322 bytes
     * @throws IllegalArgumentException when an address or the subject is not acceptable
     */
    public byte[] compose(String from, List<String> to, String subject, String body) {
        return compose(
                Mailbox.parse("from", from),
                to.stream().map(t -> Mailbox.parse("to", t)).toList(),
                subject,
                body);
    }

    private static byte[] compose(Mailbox from, List<Mailbox> to, String subject, String body) {
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the subject must be one line");
        }
        String message = "From: " + from.header() + "\r\n"
                + folded("To", to.stream().map(Mailbox::header).toList())
                + "Subject: " + encodeHeader(subject) + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@sample.netsmtp.dev>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + body;
        return message.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A header of many items, folded (RFC 5322 section 2.2.3) so that no line passes 78
     * characters where it can be helped, and none the 998-octet limit.
     */
    static String folded(String name, List<String> items) {
        StringBuilder out = new StringBuilder(name).append(':');
        int line = out.length();
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i < items.size() - 1 ? "," : "");
            if (line + 1 + item.length() > 78 && line > name.length() + 1) {
                out.append("\r\n");
                line = 0;
            }
            out.append(' ').append(item);
            line += 1 + item.length();
        }
        return out.append("\r\n").toString();
    }

    /** RFC 2047 encoded-word for a subject that is not plain ASCII. */
    private static String encodeHeader(String text) {
        boolean ascii = text.chars().allMatch(c -> c >= 32 && c < 127);
        return ascii
                ? text
                : "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
