/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * One message {@link SmtpTestServer} accepted: its envelope as the client sent it, the exact
 * bytes of its content (dot-stuffing undone, nothing else changed), the headers and text as a
 * mail reader would show them, and the session's transcript up to its acceptance. Immutable.
 */
public final class ReceivedMessage {

    // RFC 6532: headers may be raw UTF-8 (SMTPUTF8); without this Jakarta Mail reads them as Latin-1.
    private static final Session PARSING = Session.getInstance(properties("mail.mime.allowutf8", "true"));

    private final String from;
    private final List<String> recipients;
    private final Map<String, String> mailParameters;
    private final byte[] raw;
    private final List<String> transcript;
    private final boolean tls;
    private final @Nullable String authenticatedUser;
    private final String queueId;
    private volatile @Nullable MimeMessage parsed;

    ReceivedMessage(
            String from,
            List<String> recipients,
            Map<String, String> mailParameters,
            byte[] raw,
            List<String> transcript,
            boolean tls,
            @Nullable String authenticatedUser,
            String queueId) {
        this.from = from;
        this.recipients = List.copyOf(recipients);
        this.mailParameters = Map.copyOf(mailParameters);
        this.raw = raw;
        this.transcript = List.copyOf(transcript);
        this.tls = tls;
        this.authenticatedUser = authenticatedUser;
        this.queueId = queueId;
    }

    /**
     * Returns the reverse path of MAIL FROM.
     *
     * @return the address, {@code ""} for the null reverse path
     */
    public String from() {
        return from;
    }

    /**
     * Returns the recipients the server accepted with RCPT TO, in order; Bcc recipients are here
     * and in no header.
     *
     * @return the addresses
     */
    public List<String> recipients() {
        return recipients;
    }

    /**
     * Returns the parameters of MAIL FROM ({@code SIZE}, {@code BODY}, {@code SMTPUTF8},
     * {@code RET}, {@code ENVID}), keys in upper case; a parameter without a value maps to
     * {@code ""}.
     *
     * @return the parameters
     */
    public Map<String, String> mailParameters() {
        return mailParameters;
    }

    /**
     * Returns the message exactly as it was sent, after the client's dot-stuffing is undone.
     *
     * @return a copy of the bytes
     */
    public byte[] raw() {
        return raw.clone();
    }

    /**
     * Returns the raw message as text.
     *
     * @return the bytes decoded as UTF-8
     */
    public String rawText() {
        return new String(raw, StandardCharsets.UTF_8);
    }

    /**
     * Returns the first value of a header, unfolded and with RFC 2047 encoded words decoded.
     *
     * @param name the header name, in any case
     * @return the value, or empty when the message has no such header
     */
    public Optional<String> header(String name) {
        try {
            String value = mime().getHeader(name, null);
            if (value == null) {
                return Optional.empty();
            }
            return Optional.of(MimeUtility.decodeText(MimeUtility.unfold(value)));
        } catch (MessagingException | IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * Returns the decoded Subject.
     *
     * @return the subject, or {@code ""} when there is none
     */
    public String subject() {
        return header("Subject").orElse("");
    }

    /**
     * Returns the plain text a mail reader would show: the first {@code text/plain} part,
     * decoded from its transfer encoding and charset.
     *
     * @return the text, or {@code ""} when the message has no plain-text part
     */
    public String text() {
        return firstText("text/plain").orElse("");
    }

    /**
     * Returns the first {@code text/html} part, decoded.
     *
     * @return the HTML, or empty when there is none
     */
    public Optional<String> html() {
        return firstText("text/html");
    }

    /**
     * Returns the file names of the message's attachments, in order.
     *
     * @return the names; empty when there are none
     */
    public List<String> attachmentNames() {
        List<String> names = new ArrayList<>();
        try {
            collectAttachments(mime(), names);
        } catch (MessagingException | IOException e) {
            throw unreadable(e);
        }
        return names;
    }

    /**
     * Returns the message parsed by Jakarta Mail, for what the other methods do not say.
     *
     * @return a message parsed from {@link #raw()}; changing it changes nothing here
     */
    public MimeMessage mimeMessage() {
        try {
            return new MimeMessage(PARSING, new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw unreadable(e);
        }
    }

    /**
     * Returns the session's transcript from the greeting to this message's acceptance:
     * {@code C: } lines the client sent, {@code S: } lines the server answered; AUTH payloads
     * are redacted and the message itself is one line saying its size.
     *
     * @return the lines
     */
    public List<String> transcript() {
        return transcript;
    }

    /**
     * Tells whether the message came over TLS (STARTTLS).
     *
     * @return true when the session was encrypted
     */
    public boolean tls() {
        return tls;
    }

    /**
     * Returns the user name the session authenticated as.
     *
     * @return the name, or empty when the client did not authenticate
     */
    public Optional<String> authenticatedUser() {
        return Optional.ofNullable(authenticatedUser);
    }

    /**
     * Returns the queue id the server gave in its 250 reply.
     *
     * @return the id
     */
    public String queueId() {
        return queueId;
    }

    @Override
    public String toString() {
        return "ReceivedMessage[from=" + from + ", to=" + recipients + ", " + raw.length + " bytes, subject="
                + subject() + "]";
    }

    private static Properties properties(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    private MimeMessage mime() {
        MimeMessage m = parsed;
        if (m == null) {
            m = mimeMessage();
            parsed = m;
        }
        return m;
    }

    private Optional<String> firstText(String type) {
        try {
            return Optional.ofNullable(findText(mime(), type));
        } catch (MessagingException | IOException e) {
            throw unreadable(e);
        }
    }

    private static @Nullable String findText(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            Object content = part.getContent();
            return content instanceof String s ? s : null;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = findText(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static void collectAttachments(Part part, List<String> names) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collectAttachments(child, names);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) && part.getFileName() != null) {
            names.add(MimeUtility.decodeText(part.getFileName()));
        }
    }

    private static UncheckedIOException unreadable(Exception e) {
        return new UncheckedIOException(
                "the received message cannot be parsed: " + e.getMessage(),
                e instanceof IOException io ? io : new IOException(e));
    }
}
