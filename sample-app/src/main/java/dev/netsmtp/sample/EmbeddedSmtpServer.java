package dev.netsmtp.sample;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The GreenMail SMTP server the sample sends to when no {@code smtp.host} is configured; bound to
 * 127.0.0.1 on a free port, stopped with the application.
 */
public final class EmbeddedSmtpServer implements AutoCloseable {

    private final GreenMail greenMail;

    EmbeddedSmtpServer() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /**
     * Returns what the server received, oldest first, each message once however many of its
     * recipients' mailboxes it reached.
     *
     * @return the messages
     */
    public List<ReceivedMessage> inbox() {
        List<ReceivedMessage> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                if (m.getMessageID() != null && !seen.add(m.getMessageID())) {
                    continue;
                }
                out.add(new ReceivedMessage(
                        join(m.getFrom()),
                        join(m.getRecipients(Message.RecipientType.TO)),
                        m.getSubject() == null ? "" : m.getSubject(),
                        GreenMailUtil.getBody(m),
                        m.getMessageID() == null ? "" : m.getMessageID()));
            } catch (MessagingException e) {
                out.add(new ReceivedMessage("", "", "(unreadable: " + e.getMessage() + ")", "", ""));
            }
        }
        return out;
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

    /**
     * One message the embedded server received.
     *
     * @param from the From header
     * @param to the To header
     * @param subject the subject
     * @param body the body text
     * @param messageId the Message-ID
     */
    public record ReceivedMessage(String from, String to, String subject, String body, String messageId) {}
}
