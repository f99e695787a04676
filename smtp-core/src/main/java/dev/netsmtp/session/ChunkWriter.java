/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Envelope;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A message of unknown size as BDAT chunks (RFC 3030): the bytes are gathered into chunks of
 * {@value #CHUNK} octets, each sent as {@code BDAT n} as soon as it is full, and the rest as
 * {@code BDAT n LAST}. Up to {@value #IN_FLIGHT} chunks go out before the first of their replies
 * is read, so the link stays busy while the server answers; never more, so the unread replies
 * always fit the socket buffers (RFC 2920 section 3.1). Memory: one chunk, whatever the size.
 *
 * <p>Nothing is delivered before {@code LAST}: a chunk the server refuses (RFC 3030 section 4.2:
 * the server then discards the rest), a lost reply or a failed write before it leaves the message
 * undelivered, and only {@link #last()} sends {@code LAST}. Every failure is judged by
 * {@link Outcomes}: after LAST went out, a lost reply makes the message uncertain.
 */
final class ChunkWriter extends OutputStream {

    /** Octets per chunk: large enough that a reply per chunk costs nothing, small enough to hold. */
    static final int CHUNK = 64 * 1024;

    /** Chunks whose replies may be unread at once. */
    static final int IN_FLIGHT = 8;

    private final Exchange ex;
    private final Envelope envelope;
    private final byte[] buffer = new byte[CHUNK];
    private int filled;
    private int unread;

    ChunkWriter(Exchange ex, Envelope envelope) {
        this.ex = ex;
        this.envelope = envelope;
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
        filled = 0;
        if (!last) {
            unread++;
        }
    }

    /**
     * Buffers the rest as {@code BDAT n LAST}: its last byte is the message's end of data. The
     * caller marks it and flushes.
     *
     * @throws IOException when the write fails
     */
    void last() throws IOException {
        chunk(true);
    }

    /** Reads the replies of the chunks before LAST still unread; the caller reads LAST's. */
    void readUnread() {
        while (unread > 0) {
            readChunkReply();
        }
    }

    /** A reply to a chunk before LAST: a refusal ends the message undelivered, a lost one is judged. */
    private void readChunkReply() {
        SmtpReply reply;
        try {
            reply = ex.read("BDAT");
        } catch (SmtpException e) {
            throw Outcomes.judge(ex, e, null, envelope);
        }
        unread--;
        if (!reply.isPositiveCompletion()) {
            ex.breakConnection(
                    "a chunk was refused; the connection was dropped so that no part of the message is delivered");
            throw SmtpException.forReply("BDAT", reply);
        }
    }

    /** Does nothing: the message is ended by {@link #last()}, the connection flushed by the caller. */
    @Override
    public void flush() {}

    /** Does nothing: the stream below is the connection's. */
    @Override
    public void close() {}
}
