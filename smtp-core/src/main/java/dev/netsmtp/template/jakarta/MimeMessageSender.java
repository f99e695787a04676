package dev.netsmtp.template.jakarta;

import dev.netsmtp.Envelope;
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
 * once), the message is written without its Bcc header, with a Date and a Message-ID when it has
 * none. It is rendered once, to bytes, before anything is sent, so a retry sends the whole message
 * again even when an attachment could be read only once. Immutable and thread-safe.
 *
 * <pre>{@code
 * MimeMessageSender sender = new MimeMessageSender(template);
 * SendResult result = sender.send(mimeMessage);
 * }</pre>
 */
public final class MimeMessageSender {

    private static final String[] IGNORED_HEADERS = {"Bcc", "Content-Length"};

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
     * Renders a message to what would be sent: its envelope and its bytes. {@code saveChanges()}
     * is called first; a Date header is added when the message has none. Nothing is sent.
     *
     * @param message the message
     * @return the envelope and the bytes, ready for {@link SmtpOperations#sendAll}
     * @throws IllegalArgumentException when the message has no sender or no recipient, or cannot
     *     be read or rendered; the cause is Jakarta Mail's exception
     */
    public OutgoingMessage render(MimeMessage message) {
        Envelope envelope;
        try {
            if (message.getHeader("Date") == null) {
                message.setSentDate(new Date());
            }
            message.saveChanges();
            envelope = Envelope.of(envelopeFrom != null ? envelopeFrom : reversePath(message), recipients(message));
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
