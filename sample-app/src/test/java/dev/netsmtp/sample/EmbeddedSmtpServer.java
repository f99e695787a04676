/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The GreenMail SMTP server {@link TestSampleApplication} and the sample's tests send to when no
 * {@code smtp.host} is configured; bound to 127.0.0.1 on a free port, stopped with the
 * application. Test code: the packaged sample never starts it, and AOT processing of the sample
 * does not either. Its inbox is decoded as a mail reader
 * would: MIME headers (RFC 2047), charsets, quoted-printable and base64, the first text part of a
 * multipart message.
 */
public final class EmbeddedSmtpServer implements Inbox, AutoCloseable {

    /** Characters of a body shown in the inbox list; the whole message is one click away. */
    static final int PREVIEW = 500;

    private final GreenMail greenMail;

    EmbeddedSmtpServer() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @Override
    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /**
     * Returns what the server received, newest first, each message once however many of its
     * recipients' mailboxes it reached; bodies cut to a preview of {@value #PREVIEW} characters.
     *
     * @return the messages
     */
    @Override
    public List<ReceivedMessage> messages() {
        List<MimeMessage> all = distinct();
        List<ReceivedMessage> out = new ArrayList<>(all.size());
        for (int i = all.size() - 1; i >= 0; i--) {
            out.add(describe(i, all.get(i)));
        }
        return out;
    }

    @Override
    public Optional<byte[]> raw(int index) {
        List<MimeMessage> all = distinct();
        if (index < 0 || index >= all.size()) {
            return Optional.empty();
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            all.get(index).writeTo(out);
            return Optional.of(out.toByteArray());
        } catch (MessagingException | IOException e) {
            return Optional.of(("(unreadable: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Arrival order, oldest first; a message sent to several recipients once. GreenMail lists its
     * messages mailbox by mailbox, so they are sorted by the time each was stored (the stable sort
     * keeps GreenMail's order for a tie).
     */
    private List<MimeMessage> distinct() {
        List<StoredMessage> stored =
                new ArrayList<>(greenMail.getManagers().getImapHostManager().getAllMessages());
        stored.sort(java.util.Comparator.comparing(StoredMessage::getReceivedDate));
        List<MimeMessage> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (StoredMessage sm : stored) {
            MimeMessage m = sm.getMimeMessage();
            try {
                if (m.getMessageID() != null && !seen.add(m.getMessageID())) {
                    continue;
                }
            } catch (MessagingException e) {
                // unreadable Message-ID: keep the message
            }
            out.add(m);
        }
        return out;
    }

    private static ReceivedMessage describe(int index, MimeMessage m) {
        try {
            String text = text(m).orElse("");
            boolean cut = text.length() > PREVIEW;
            return new ReceivedMessage(
                    index,
                    join(m.getFrom()),
                    join(m.getRecipients(Message.RecipientType.TO)),
                    m.getSubject() == null ? "" : m.getSubject(),
                    cut ? text.substring(0, PREVIEW) : text,
                    text.length(),
                    cut,
                    m.getMessageID() == null ? "" : m.getMessageID());
        } catch (MessagingException | IOException e) {
            return new ReceivedMessage(index, "", "", "(unreadable: " + e.getMessage() + ")", "", 0, false, "");
        }
    }

    /** The first text/plain part, decoded (else the first text part of any kind). */
    private static Optional<String> text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return Optional.of(String.valueOf(part.getContent()));
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            Optional<String> other = Optional.empty();
            for (int i = 0; i < multipart.getCount(); i++) {
                Part child = multipart.getBodyPart(i);
                if (child.isMimeType("text/plain")) {
                    return Optional.of(String.valueOf(child.getContent()));
                }
                if (other.isEmpty()) {
                    other = text(child);
                }
            }
            return other;
        }
        if (part.isMimeType("text/*")) {
            return Optional.of(String.valueOf(part.getContent()));
        }
        return Optional.empty();
    }

    private static String join(Address[] addresses) {
        return addresses == null
                ? ""
                : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
