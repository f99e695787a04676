/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import dev.netsmtp.SendResult;
import dev.netsmtp.template.SmtpTemplate;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * An ordinary service that sends mail through the injected {@link SmtpTemplate}. The message is
 * composed by Jakarta Mail (encoded words, folded address headers, a Date and a Message-ID), and
 * sent by the template, which reports each recipient's answer.
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

    private static final Session MAIL = Session.getInstance(new Properties());

    /** Composed by Jakarta Mail: the display names and subject encoded, the address headers folded. */
    private static byte[] compose(Mailbox from, List<Mailbox> to, String subject, String body) {
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the subject must be one line");
        }
        try {
            MimeMessage message = new MimeMessage(MAIL) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + UUID.randomUUID() + "@sample.netsmtp.dev>");
                }
            };
            message.setFrom(internet(from));
            InternetAddress[] recipients = new InternetAddress[to.size()];
            for (int i = 0; i < recipients.length; i++) {
                recipients[i] = internet(to.get(i));
            }
            message.setRecipients(Message.RecipientType.TO, recipients);
            message.setSubject(subject, "UTF-8");
            message.setSentDate(new Date());
            message.setText(body, "UTF-8");
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot compose the message: " + e.getMessage(), e);
        }
    }

    private static InternetAddress internet(Mailbox mailbox) throws UnsupportedEncodingException {
        return mailbox.displayName().isEmpty()
                ? new InternetAddress(mailbox.address(), (String) null, "UTF-8")
                : new InternetAddress(mailbox.address(), mailbox.displayName(), "UTF-8");
    }
}
