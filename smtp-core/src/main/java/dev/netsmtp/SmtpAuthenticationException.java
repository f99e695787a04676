package dev.netsmtp;

import org.jspecify.annotations.Nullable;

/**
 * Authentication failed or is required (a 53x reply, or a SASL exchange that could not finish), Net::SMTP's {@code SMTPAuthenticationError}.
 */
public class SmtpAuthenticationException extends SmtpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     */
    public SmtpAuthenticationException(String message, @Nullable String command, @Nullable SmtpReply reply) {
        super(message, command, reply, false, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     * @param cause the underlying error, or null
     */
    public SmtpAuthenticationException(
            String message, @Nullable String command, @Nullable SmtpReply reply, @Nullable Throwable cause) {
        super(message, command, reply, false, cause);
    }
}
