package dev.netsmtp;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The end of the message data was sent but its reply never came (the connection broke or the
 * read timed out), so the server may or may not have taken the message.
 *
 * <p>Never transient: sending again could deliver the message twice (RFC 5321 section 6.1 makes
 * the server responsible once it has replied; RFC 1047 describes the duplicate problem). The
 * caller decides, knowing the envelope, whether to resend.
 */
public class SmtpDeliveryUncertainException extends SmtpException {

    private static final long serialVersionUID = 1L;

    private final transient @Nullable Envelope envelope;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param envelope the envelope of the message in doubt, or null when not known
     * @param cause the I/O error or timeout
     */
    public SmtpDeliveryUncertainException(String message, @Nullable Envelope envelope, @Nullable Throwable cause) {
        super(message + (envelope == null ? "" : " " + envelope), ".", null, false, cause);
        this.envelope = envelope;
    }

    /**
     * Returns the envelope of the message whose delivery is in doubt.
     *
     * @return the envelope, or empty when the message was sent through the step-by-step API
     */
    public Optional<Envelope> envelope() {
        return Optional.ofNullable(envelope);
    }
}
