package dev.netsmtp.session;

import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpProtocolException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.SmtpTimeoutException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A message of unknown size as BDAT chunks (RFC 3030): the bytes are gathered into chunks of
 * {@value #CHUNK} octets, each sent as {@code BDAT n} as soon as it is full, and the rest as
 * {@code BDAT n LAST}. Up to {@value #IN_FLIGHT} chunks go out before the first of their replies
 * is read, so the link stays busy while the server answers; never more, so the unread replies
 * always fit the socket buffers (RFC 2920 section 3.1). Memory: one chunk, whatever the size.
 *
 * <p>Nothing is delivered before {@code LAST}: a chunk the server refuses, a lost reply or a
 * failed write before it leaves the message undelivered (the connection is dropped, so the
 * server discards what it gathered), and only {@link #finish()} sends {@code LAST}.
 */
final class ChunkWriter extends OutputStream {

    /** Octets per chunk: large enough that a reply per chunk costs nothing, small enough to hold. */
    static final int CHUNK = 64 * 1024;

    /** Chunks whose replies may be unread at once. */
    static final int IN_FLIGHT = 8;

    private final Exchange ex;
    private final byte[] buffer = new byte[CHUNK];
    private int filled;
    private int unread;
    private long sent;

    ChunkWriter(Exchange ex) {
        this.ex = ex;
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == CHUNK) {
            chunk(false);
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == CHUNK) {
                chunk(false);
            }
            int n = Math.min(len, CHUNK - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Writes a full chunk; first reads the oldest reply when {@value #IN_FLIGHT} are unread. */
    private void chunk(boolean last) throws IOException {
        if (!last && unread == IN_FLIGHT) {
            ex.flush("BDAT");
            readChunkReply();
        }
        ex.send("BDAT " + filled + (last ? " LAST" : ""));
        ex.connection().output().write(buffer, 0, filled);
        sent += filled;
        filled = 0;
        if (!last) {
            unread++;
        }
    }

    /** A reply to a chunk before LAST: a refusal or a lost reply leaves nothing delivered. */
    private void readChunkReply() {
        SmtpReply reply = ex.read("BDAT");
        unread--;
        if (!reply.isPositiveCompletion()) {
            ex.breakConnection(
                    "a chunk was refused; the connection was dropped so that no part of the message is " + "delivered");
            throw SmtpException.forReply("BDAT", reply);
        }
    }

    /**
     * Sends the rest as {@code BDAT n LAST}, flushes, and reads the replies of the chunks before
     * it. A lost one of those is uncertain now, as the final reply is: LAST went out.
     *
     * @return the octets sent in all chunks
     * @throws IOException when the write fails (before LAST was whole: nothing delivered)
     */
    long finish() throws IOException {
        chunk(true);
        ex.connection().flush();
        while (unread > 0) {
            try {
                readChunkReply();
            } catch (SmtpConnectionException | SmtpTimeoutException | SmtpProtocolException e) {
                throw new LostAfterLast(e);
            }
        }
        return sent;
    }

    /** A reply lost after LAST went out: the caller reports the message uncertain. */
    static final class LostAfterLast extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final SmtpException reason;

        LostAfterLast(SmtpException cause) {
            super(cause);
            this.reason = cause;
        }

        SmtpException reason() {
            return reason;
        }
    }

    /** Does nothing: the message is ended by {@link #finish()}, the connection flushed there. */
    @Override
    public void flush() {}

    /** Does nothing: the stream below is the connection's. */
    @Override
    public void close() {}
}
