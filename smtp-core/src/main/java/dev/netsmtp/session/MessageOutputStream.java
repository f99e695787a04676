/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.SendResult;
import java.io.OutputStream;

/**
 * The stream of one message's data, from {@link SmtpSession#openMessageStream}. Write the message,
 * then {@link #commit()} to end the data and get the server's verdict. Line ends are normalised to
 * CRLF and leading dots doubled as it goes.
 *
 * <p>Ending the data is an explicit act: {@link #close()} without a successful {@code commit()}
 * <em>aborts</em>, dropping the connection so that the server discards the message (RFC 5321
 * section 3.8) and nothing half-written is ever delivered. So try-with-resources is safe: an
 * exception thrown while the message is written leaves nothing delivered.
 *
 * <pre>{@code
 * try (MessageOutputStream out = session.openMessageStream("app@example.com", "user@example.com")) {
 *     out.write(headers);
 *     body.transferTo(out);
 *     SendResult result = out.commit();
 * }
 * }</pre>
 *
 * <p>While the stream is open the session sends no command: any call that would is an
 * {@link IllegalStateException}, and closing the session (or giving a pooled one back) drops the
 * connection instead of writing QUIT or RSET into the message. Not thread-safe.
 */
public abstract class MessageOutputStream extends OutputStream {

    /** For the session's implementation. */
    protected MessageOutputStream() {}

    /**
     * Ends the data with {@code CRLF.CRLF}, sends it, and reads the server's reply.
     *
     * @return the outcome: per-recipient results and the final reply
     * @throws IllegalStateException when already committed, aborted or closed
     * @throws dev.netsmtp.SmtpException when the server refuses the message, the connection fails,
     *     or the reply is lost ({@link dev.netsmtp.SmtpDeliveryUncertainException})
     */
    public abstract SendResult commit();

    /**
     * Returns the outcome, after a successful {@link #commit()}.
     *
     * @return the result
     * @throws IllegalStateException before commit, or when it failed
     */
    public abstract SendResult result();

    /** Abandons the message by dropping the connection; nothing is delivered. Never throws. */
    public abstract void abort();

    /**
     * After {@link #commit()}, does nothing; before it, {@linkplain #abort() aborts}. Never throws,
     * so it never hides the exception that made a try-with-resources block end early.
     */
    @Override
    public abstract void close();
}
