/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Mail code as an application written for spring-boot-starter-mail has it: it knows only Spring's
 * {@link JavaMailSender}, and is not changed to move to netsmtp.
 */
final class ExistingMailCode {

    static final byte[] LOGO = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    // As real PDFs: a comment line of high bytes marks it binary, so Jakarta Mail picks base64 and
    // the bare LFs survive (an all-ASCII attachment goes as 7bit text, with CRLF line ends).
    static final byte[] INVOICE =
            "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n% invoice 42\n".getBytes(StandardCharsets.ISO_8859_1);

    private final JavaMailSender mailSender;

    ExistingMailCode(JavaMailSender mailSender) {
        this.mailSender = mailSender;
    }

    /** HTML with an inline image, an attachment, a non-ASCII subject and names, a Bcc. */
    void sendInvoice(String to, String bcc) throws MessagingException, java.io.UnsupportedEncodingException {
        MimeMessage message = mailSender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true);
        helper.setFrom("billing@example.com", "Buchhaltung Müller & Söhne");
        helper.setTo(to);
        helper.setBcc(bcc);
        helper.setSubject("Ihre Rechnung Nr. 42 – Grüße aus Köln");
        helper.setText(
                "Grüße! Ihre Rechnung liegt bei.", "<html><body><p>Grüße!</p><img src=\"cid:logo\"></body></html>");
        helper.addInline("logo", new ByteArrayResource(LOGO), "image/png");
        helper.addAttachment("rechnung-42.pdf", new ByteArrayResource(INVOICE), "application/pdf");
        mailSender.send(message);
    }

    /** The plain kind. */
    void sendReminder(String... to) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("noreply@example.com");
        message.setTo(to);
        message.setSubject("Erinnerung");
        message.setText("Bitte bestätigen Sie Ihre Adresse.");
        mailSender.send(message);
    }

    /** A batch of simple messages, one per recipient. */
    void sendEach(String... to) {
        SimpleMailMessage[] batch = new SimpleMailMessage[to.length];
        for (int i = 0; i < to.length; i++) {
            batch[i] = new SimpleMailMessage();
            batch[i].setFrom("noreply@example.com");
            batch[i].setTo(to[i]);
            batch[i].setSubject("Nachricht " + i);
            batch[i].setText("Hallo " + to[i]);
        }
        mailSender.send(batch);
    }
}
