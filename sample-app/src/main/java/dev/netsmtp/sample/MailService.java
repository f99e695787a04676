/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendResult;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.template.jakarta.MimeMessageSender;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;

/**
 * An ordinary service that sends mail two ways, side by side: through netsmtp's
 * {@link SmtpTemplate} (every recipient's answer and the queue id come back) and through Spring's
 * {@link JavaMailSender} (the code written for spring-boot-starter-mail, unchanged; the starter's
 * sender is netsmtp's pooled one). Either way the message is composed by {@link MimeMessageHelper}:
 * display names and subject encoded, address headers folded; the Date and the Message-ID are
 * set when it is sent.
 */
@Service
public class MailService {

    private final MimeMessageSender template;
    private final JavaMailSender javaMail;

    /**
     * Creates the service.
     *
     * @param smtp the auto-configured template
     * @param javaMail the auto-configured {@code JavaMailSender} (netsmtp's, over the same pool)
     */
    public MailService(SmtpTemplate smtp, JavaMailSender javaMail) {
        this.template = new MimeMessageSender(smtp);
        this.javaMail = javaMail;
    }

    /**
     * Sends through the template.
     *
     * @param request the message, validated
     * @return the server's answers
     * @throws dev.netsmtp.SmtpException when the server refuses or cannot be reached
     */
    public SendResult sendWithTemplate(SendRequest request) {
        return template.send(compose(request));
    }

    /**
     * Sends through Spring's {@code JavaMailSender}, as an application written for
     * spring-boot-starter-mail does.
     *
     * @param request the message, validated
     * @throws org.springframework.mail.MailException when it was not sent, or may not have been
     */
    public void sendWithJavaMailSender(SendRequest request) {
        javaMail.send(compose(request));
    }

    /**
     * Composes a message and renders it for a later send (the outbox): the bytes and the envelope
     * the template would send, the Message-ID made from the key.
     *
     * @param request the message, validated
     * @param key the idempotency key
     * @return the message as it will go
     */
    public OutgoingMessage render(SendRequest request, IdempotencyKey key) {
        return template.render(compose(request), key);
    }

    /**
     * Composes a plain text message.
     *
     * @param request the message: {@code address} or {@code Name <address>} for each mailbox
     * @return the message
     * @throws IllegalArgumentException when an address is not acceptable
     */
    public MimeMessage compose(SendRequest request) {
        MimeMessage message = javaMail.createMimeMessage();
        try {
            MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
            helper.setFrom(internet(Mailbox.parse("from", request.from())));
            InternetAddress[] to = new InternetAddress[request.to().size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = internet(Mailbox.parse("to", request.to().get(i)));
            }
            helper.setTo(to);
            helper.setSubject(request.subject());
            helper.setText(request.body());
            return message;
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("cannot compose the message: " + e.getMessage(), e);
        }
    }

    private static InternetAddress internet(Mailbox mailbox) throws UnsupportedEncodingException {
        return new InternetAddress(
                mailbox.address(), mailbox.displayName().isEmpty() ? null : mailbox.displayName(), "UTF-8");
    }
}
