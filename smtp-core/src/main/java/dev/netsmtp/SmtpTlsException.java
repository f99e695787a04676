package dev.netsmtp;

import org.jspecify.annotations.Nullable;

/**
 * TLS could not be set up: the server does not offer STARTTLS where it is required, refused it, or the handshake failed (an untrusted certificate or a host name that does not match).
 */
public class SmtpTlsException extends SmtpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     */
    public SmtpTlsException(String message, @Nullable String command, @Nullable SmtpReply reply) {
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
    public SmtpTlsException(
            String message, @Nullable String command, @Nullable SmtpReply reply, @Nullable Throwable cause) {
        super(message, command, reply, false, cause);
    }
}
