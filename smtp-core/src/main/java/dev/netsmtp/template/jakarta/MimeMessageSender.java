/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template.jakarta;

import dev.netsmtp.Envelope;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendResult;
import dev.netsmtp.template.SmtpOperations;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Sends Jakarta Mail {@link MimeMessage}s as {@code Transport.send} would, but over netsmtp: the
 * envelope comes from the message (reverse path from Sender, else the first From, unless an
 * {@linkplain #withEnvelopeFrom envelope sender} is given; recipients from To, Cc and Bcc, each
 * once), the message is written without its Bcc header, with a Date when it has none. Its
 * idempotency key is the one given, else its {@value #KEY_HEADER} header's (not sent), else a new
 * one; a message without a Message-ID gets one derived from the key
 * ({@link IdempotencyKey#messageId}), the same on every attempt, retry and failover, so a
 * receiver that drops duplicates by Message-ID sees one message; a Message-ID the caller set is
 * kept (Jakarta Mail's {@code saveChanges()} would replace it). It is rendered once, to bytes,
 * before anything is sent, so a retry sends the whole message again even when an attachment could
 * be read only once. Immutable and thread-safe.
 *
 * <pre>{@code
 * MimeMessageSender sender = new MimeMessageSender(template);
 * SendResult result = sender.send(mimeMessage);
 * }</pre>
 */
public final class MimeMessageSender {

    /** The header a caller may name the message's idempotency key with; not sent. */
    public static final String KEY_HEADER = "Idempotency-Key";

    private static final String[] IGNORED_HEADERS = {"Bcc", "Content-Length", KEY_HEADER};

    private final SmtpOperations operations;
    private final @Nullable String envelopeFrom;

    /**
     * Creates a sender.
     *
     * @param operations where messages go, usually an {@link dev.netsmtp.template.SmtpTemplate}
     */
    public MimeMessageSender(SmtpOperations operations) {
        this(operations, null);
    }

    private MimeMessageSender(SmtpOperations operations, @Nullable String envelopeFrom) {
        this.operations = Objects.requireNonNull(operations, "operations");
        this.envelopeFrom = envelopeFrom;
    }

    /**
     * Returns a sender that uses one reverse path (MAIL FROM) for every message, whatever its
     * From and Sender say, as Jakarta Mail's {@code mail.smtp.from} does; bounces go there.
     *
     * @param address the reverse path, an address or {@code ""} for the null reverse path
     * @return a new sender
     * @throws IllegalArgumentException when the address could inject a command
     */
    public MimeMessageSender withEnvelopeFrom(String address) {
        // Checked now, not at the first send: Envelope refuses what could inject a command.
        Envelope.of(address, List.of("check@example.com"));
        return new MimeMessageSender(operations, address);
    }

    /**
     * Sends a message.
     *
     * @param message the message; {@code saveChanges()} is called first, as Jakarta Mail's
     *     {@code Transport.send} does, so Message-ID and MIME headers are set
     * @return the outcome
     * @throws IllegalArgumentException when the message has no sender or no recipient, or cannot
     *     be rendered
     * @throws dev.netsmtp.SmtpException when sending fails
     */
    public SendResult send(MimeMessage message) {
        OutgoingMessage rendered = render(message);
        return operations.send(rendered.envelope(), rendered.content());
    }

    /**
     * Sends a message under an idempotency key of the caller's.
     *
     * @param message the message
     * @param key the key: the ENVID, and the Message-ID when the message has none
     * @return the outcome
     * @throws IllegalArgumentException when the message has no sender or no recipient, or cannot
     *     be rendered
     * @throws dev.netsmtp.SmtpException when sending fails
     */
    public SendResult send(MimeMessage message, IdempotencyKey key) {
        OutgoingMessage rendered = render(message, key);
        return operations.send(rendered.envelope(), rendered.content());
    }

    /**
     * Renders a message to what would be sent: its envelope (with its key) and its bytes.
     * {@code saveChanges()} is called first; a Date header is added when the message has none.
     * Nothing is sent.
     *
     * @param message the message
     * @return the envelope and the bytes, ready for {@link SmtpOperations#sendAll}
     * @throws IllegalArgumentException when the message has no sender or no recipient, or cannot
     *     be read or rendered, or its {@value #KEY_HEADER} is not a key; the cause is Jakarta
     *     Mail's exception
     */
    public OutgoingMessage render(MimeMessage message) {
        IdempotencyKey key;
        try {
            String given = message.getHeader(KEY_HEADER, null);
            key = given == null ? IdempotencyKey.generate() : IdempotencyKey.of(given.strip());
        } catch (MessagingException e) {
            throw new IllegalArgumentException("cannot read the message's " + KEY_HEADER + ": " + e.getMessage(), e);
        }
        return render(message, key);
    }

    /**
     * Renders a message under an idempotency key: see {@link #render(MimeMessage)}.
     *
     * @param message the message
     * @param key the key
     * @return the envelope and the bytes
     */
    public OutgoingMessage render(MimeMessage message, IdempotencyKey key) {
        Objects.requireNonNull(key, "key");
        Envelope envelope;
        try {
            if (message.getHeader("Date") == null) {
                message.setSentDate(new Date());
            }
            String given = message.getHeader("Message-ID", null);
            String reversePath = envelopeFrom != null ? envelopeFrom : reversePath(message);
            message.saveChanges();
            // saveChanges() made a random Message-ID: the caller's, or the key's, replaces it, and
            // writeTo() will not save again.
            message.setHeader("Message-ID", given != null ? given : key.messageId(domainOf(message, reversePath)));
            envelope = Envelope.builder()
                    .from(reversePath)
                    .to(recipients(message))
                    .key(key)
                    .build();
        } catch (MessagingException e) {
            throw new IllegalArgumentException("cannot read the message's addresses: " + e.getMessage(), e);
        }
        // Rendered once, before anything is sent: the bytes are the same on every attempt, so a
        // retry resends the whole message (a MimeMessage may stream an attachment that can be
        // read only once), and a failure to render is raised before a connection is used.
        ByteArrayOutputStream rendered = new ByteArrayOutputStream(8192);
        try {
            message.writeTo(rendered, IGNORED_HEADERS);
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("cannot render the MimeMessage: " + e.getMessage(), e);
        }
        return OutgoingMessage.of(envelope, rendered.toByteArray());
    }

    /** The Message-ID's right-hand side: the From domain, else the reverse path's, else localhost. */
    private static String domainOf(MimeMessage message, String reversePath) throws MessagingException {
        Address[] from = message.getFrom();
        String address = from != null && from.length > 0 && from[0] instanceof InternetAddress ia
                ? ia.getAddress()
                : reversePath;
        int at = address == null ? -1 : address.lastIndexOf('@');
        String domain = at < 0 ? "" : address.substring(at + 1);
        return domain.matches("[A-Za-z0-9.-]+") && !domain.startsWith(".") && !domain.endsWith(".")
                ? domain
                : "localhost";
    }

    /**
     * Returns the envelope netsmtp would use for a message, with the reverse path from the message.
     *
     * @param message the message
     * @return the envelope
     * @throws MessagingException when the headers cannot be read
     */
    public static Envelope envelopeOf(MimeMessage message) throws MessagingException {
        return Envelope.of(reversePath(message), recipients(message));
    }

    private static String reversePath(MimeMessage message) throws MessagingException {
        Address sender = message.getSender();
        if (sender instanceof InternetAddress ia) {
            return ia.getAddress();
        }
        Address[] from = message.getFrom();
        if (from != null) {
            for (Address a : from) {
                if (a instanceof InternetAddress ia) {
                    return ia.getAddress();
                }
            }
        }
        throw new IllegalArgumentException("the message has neither a Sender nor a From address");
    }

    private static List<String> recipients(MimeMessage message) throws MessagingException {
        // Each address once: the same person in To and Cc gets one copy, as one RCPT.
        Set<String> out = new LinkedHashSet<>();
        for (Message.RecipientType type : new Message.RecipientType[] {
            Message.RecipientType.TO, Message.RecipientType.CC, Message.RecipientType.BCC
        }) {
            Address[] addresses = message.getRecipients(type);
            if (addresses != null) {
                for (Address a : addresses) {
                    if (a instanceof InternetAddress ia) {
                        out.add(ia.getAddress());
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the message has no To, Cc or Bcc recipient");
        }
        return List.copyOf(out);
    }
}
