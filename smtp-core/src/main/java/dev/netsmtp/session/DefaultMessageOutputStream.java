/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.internal.DotStuffingOutputStream;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** The message stream of {@link SmtpSession#openMessageStream}: DATA has been answered with 354. */
final class DefaultMessageOutputStream extends MessageOutputStream {

    private final Exchange ex;
    private final MailTransaction tx;
    private final Envelope envelope;
    private final MailTransaction.Accepted accepted;
    private final DotStuffingOutputStream data;
    private @Nullable SendResult result;
    private boolean done;

    DefaultMessageOutputStream(
            Exchange ex,
            MailTransaction tx,
            Envelope envelope,
            MailTransaction.Accepted accepted,
            DotStuffingOutputStream data) {
        this.ex = ex;
        this.tx = tx;
        this.envelope = envelope;
        this.accepted = accepted;
        this.data = data;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (done) {
            throw new IOException(
                    result != null
                            ? "the message was already committed"
                            : "the message stream was aborted or failed; nothing was delivered");
        }
        try {
            data.write(b, off, len);
        } catch (IOException e) {
            done = true;
            ex.writeFailed(MailTransaction.MESSAGE_DATA, e);
            SmtpException error;
            try {
                // What the server said before the connection went (a refusal in the middle of the
                // data) is the error; the end of data was never written, so nothing was delivered.
                tx.finish(envelope, accepted);
                error = new SmtpConnectionException(
                        "the message data could not be written", MailTransaction.MESSAGE_DATA, null, e);
            } catch (SmtpException judged) {
                error = judged;
            }
            Ended.failed(ex, envelope, error);
            // OutputStream speaks IOException; the typed error (with the server's refusal, when
            // it sent one) is its cause.
            throw new IOException(error.getMessage(), error);
        }
    }

    @Override
    public void flush() {
        // One flush at the end of data; flushing pieces would only cost packets.
    }

    @Override
    public SendResult commit() {
        if (done) {
            throw new IllegalStateException(
                    result != null
                            ? "the message was already committed"
                            : "the message stream was aborted or failed; nothing was delivered");
        }
        done = true;
        try {
            tx.endData(data);
            ex.flush(MailTransaction.MESSAGE_DATA);
            SendResult r = Ended.sent(ex, envelope, tx.result(accepted, tx.finish(envelope, accepted)));
            result = r;
            return r;
        } catch (SmtpException e) {
            throw Ended.failed(ex, envelope, e);
        }
    }

    @Override
    public void close() {
        if (!done) {
            ex.listener()
                    .notice("the message stream was closed without commit(); the connection was dropped "
                            + "so that nothing is delivered");
            abort();
        }
    }

    @Override
    public SendResult result() {
        if (result == null) {
            throw new IllegalStateException(done ? "the message was not sent" : "commit() the message first");
        }
        return result;
    }

    @Override
    public void abort() {
        if (!done) {
            done = true;
            ex.breakConnection(
                    "the message stream was aborted; the connection was dropped so that nothing is delivered");
        }
    }
}
