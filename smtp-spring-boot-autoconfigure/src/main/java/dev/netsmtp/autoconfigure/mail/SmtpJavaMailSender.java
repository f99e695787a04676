/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.mail;

import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.template.SmtpOperations;
import dev.netsmtp.template.jakarta.MimeMessageSender;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMailMessage;

/**
 * Spring's {@link JavaMailSender} over netsmtp's pool: code written for
 * {@code spring-boot-starter-mail} ({@link SimpleMailMessage}, {@code MimeMessageHelper},
 * {@code MimeMessagePreparator}) sends through pooled, pipelined sessions, with netsmtp's time
 * bounds and safe retries, unchanged.
 *
 * <p>Each message is rendered once, to bytes, before anything is sent ({@link MimeMessageSender}):
 * the envelope's recipients are its To, Cc and Bcc, the Bcc header is not sent, a Date and a
 * Message-ID are set when missing, and a retry resends the same bytes. A batch goes through
 * {@link SmtpOperations#sendAll}: one message after another over warm pooled sessions, each with
 * its own outcome.
 *
 * <p>Spring's exception contract holds. A message that cannot be read or rendered, or that the
 * server refuses, is reported in a {@link SmtpMailSendException} (a {@code MailSendException})
 * with its exception; the other messages of the batch are still sent. A message whose fate is
 * unknown (the connection broke after the data was sent) is there too, and
 * {@link SmtpMailSendException#getUncertainMessages()} lists it: it may have been delivered, so do
 * not resend it blindly. When no message could be sent because the server refused the
 * credentials, {@link MailAuthenticationException} is thrown. The preparator methods turn a
 * {@code MessagingException} into {@code MailParseException} and anything else into
 * {@code MailPreparationException}, as Spring's own sender does.
 *
 * <pre>{@code
 * JavaMailSender mail = new SmtpJavaMailSender(template);
 * SimpleMailMessage message = new SimpleMailMessage();
 * message.setFrom("noreply@example.com");
 * message.setTo("ada@example.com");
 * message.setSubject("Welcome");
 * message.setText("Hello!");
 * mail.send(message);
 * }</pre>
 *
 * <p>Thread-safe; immutable once built.
 */
public final class SmtpJavaMailSender implements JavaMailSender {

    private final MimeMessageSender renderer;
    private final SmtpOperations operations;
    // Only creates messages (its SmartMimeMessage carries the default encoding that
    // MimeMessageHelper reads); it never opens a connection.
    private final JavaMailSenderImpl messageFactory = new JavaMailSenderImpl();

    /**
     * Creates a sender with messages' own Sender or From as the reverse path.
     *
     * @param operations where messages go, usually the pooled {@link dev.netsmtp.template.SmtpTemplate}
     */
    public SmtpJavaMailSender(SmtpOperations operations) {
        this(operations, new MimeMessageSender(operations));
    }

    private SmtpJavaMailSender(SmtpOperations operations, MimeMessageSender renderer) {
        this.operations = Objects.requireNonNull(operations, "operations");
        this.renderer = renderer;
        // Boot's spring.mail.default-encoding defaults to UTF-8 too: without it MimeMessageHelper
        // falls back to the platform's charset, US-ASCII on many servers.
        messageFactory.setDefaultEncoding("UTF-8");
    }

    /**
     * Returns a sender that uses one reverse path (MAIL FROM) for every message, as Jakarta Mail's
     * {@code mail.smtp.from}: bounces go there, whatever the messages' From says.
     *
     * @param address the reverse path
     * @return a new sender
     * @throws IllegalArgumentException when the address could inject a command
     */
    public SmtpJavaMailSender withEnvelopeFrom(String address) {
        return new SmtpJavaMailSender(operations, renderer.withEnvelopeFrom(address));
    }

    /**
     * Creates an empty message whose text parts default to UTF-8 when {@code MimeMessageHelper}
     * fills them.
     *
     * @return a new message
     */
    @Override
    public MimeMessage createMimeMessage() {
        return messageFactory.createMimeMessage();
    }

    /**
     * Creates a message from RFC 5322 bytes.
     *
     * @param contentStream the message, read to its end
     * @return the parsed message
     * @throws org.springframework.mail.MailParseException when it cannot be parsed
     */
    @Override
    public MimeMessage createMimeMessage(InputStream contentStream) throws MailException {
        return messageFactory.createMimeMessage(contentStream);
    }

    /**
     * Sends simple messages, each converted to a MIME message in UTF-8.
     *
     * @param simpleMessages the messages
     * @throws SmtpMailSendException when any message was not sent, or its fate is uncertain
     * @throws MailAuthenticationException when the server refused the credentials and nothing was sent
     * @throws org.springframework.mail.MailParseException when a message's addresses cannot be parsed
     */
    @Override
    public void send(SimpleMailMessage... simpleMessages) throws MailException {
        List<MimeMessage> mime = new ArrayList<>(simpleMessages.length);
        for (SimpleMailMessage simple : simpleMessages) {
            MimeMailMessage message = new MimeMailMessage(createMimeMessage());
            simple.copyTo(message);
            mime.add(message.getMimeMessage());
        }
        doSend(mime, List.of((Object[]) simpleMessages));
    }

    /**
     * Sends MIME messages.
     *
     * @param mimeMessages the messages
     * @throws SmtpMailSendException when any message was not sent, or its fate is uncertain
     * @throws MailAuthenticationException when the server refused the credentials and nothing was sent
     */
    @Override
    public void send(MimeMessage... mimeMessages) throws MailException {
        doSend(List.of(mimeMessages), List.of((Object[]) mimeMessages));
    }

    private void doSend(List<MimeMessage> messages, List<Object> originals) {
        Map<Object, Exception> failed = new LinkedHashMap<>();
        List<OutgoingMessage> rendered = new ArrayList<>(messages.size());
        List<Object> renderedOriginals = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            try {
                rendered.add(renderer.render(messages.get(i)));
                renderedOriginals.add(originals.get(i));
            } catch (IllegalArgumentException e) {
                // As Spring's sender: the message's own exception, keyed by the message.
                failed.put(originals.get(i), e.getCause() instanceof MessagingException me ? me : e);
            }
        }
        List<SendOutcome> outcomes = rendered.isEmpty() ? List.of() : operations.sendAll(rendered);
        Set<Object> uncertain = new LinkedHashSet<>();
        int sent = 0;
        SmtpAuthenticationException authFailure = null;
        for (int i = 0; i < outcomes.size(); i++) {
            SendOutcome outcome = outcomes.get(i);
            if (outcome.isSent()) {
                sent++;
                continue;
            }
            RuntimeException error = outcome.error().orElseThrow();
            Object original = renderedOriginals.get(i);
            failed.put(original, error);
            if (outcome.isUncertain()) {
                uncertain.add(original);
            }
            if (error instanceof SmtpAuthenticationException auth && authFailure == null) {
                authFailure = auth;
            }
        }
        if (failed.isEmpty()) {
            return;
        }
        if (authFailure != null && sent == 0 && uncertain.isEmpty()) {
            throw new MailAuthenticationException(String.valueOf(authFailure.getMessage()), authFailure);
        }
        throw new SmtpMailSendException(failed, uncertain, originals.size());
    }
}
