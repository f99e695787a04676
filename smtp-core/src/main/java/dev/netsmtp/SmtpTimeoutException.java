package dev.netsmtp;

import org.jspecify.annotations.Nullable;

/**
 * The server did not answer within the configured timeout. The session is closed.
 */
public class SmtpTimeoutException extends SmtpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     */
    public SmtpTimeoutException(String message, @Nullable String command, @Nullable SmtpReply reply) {
        super(message, command, reply, true, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     * @param cause the underlying error, or null
     */
    public SmtpTimeoutException(
            String message, @Nullable String command, @Nullable SmtpReply reply, @Nullable Throwable cause) {
        super(message, command, reply, true, cause);
    }
}
