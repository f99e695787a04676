package dev.netsmtp.session;

import dev.netsmtp.SendResult;
import java.io.OutputStream;

/**
 * The stream of one message's data, from {@link SmtpSession#openMessageStream}. Write the message,
 * then {@link #close()} to end the data and wait for the server's reply; {@link #result()} gives
 * the outcome. Line ends are normalised to CRLF and leading dots doubled as it goes.
 *
 * <p>To give up half-way, call {@link #abort()}: the connection is dropped, which makes the server
 * discard the message (RFC 5321 section 3.8), and the session can no longer be used. Not
 * thread-safe.
 */
public abstract class MessageOutputStream extends OutputStream {

    /** For the session's implementation. */
    protected MessageOutputStream() {}

    /**
     * Ends the data with {@code CRLF.CRLF}, sends it, and reads the server's reply.
     *
     * @throws dev.netsmtp.SmtpException when the server refuses the message, the connection fails,
     *     or the reply is lost ({@link dev.netsmtp.SmtpDeliveryUncertainException})
     */
    @Override
    public abstract void close();

    /**
     * Returns the outcome, after a successful {@link #close()}.
     *
     * @return the result
     * @throws IllegalStateException before close or when close failed
     */
    public abstract SendResult result();

    /** Abandons the message by dropping the connection; nothing is delivered. Never throws. */
    public abstract void abort();
}
