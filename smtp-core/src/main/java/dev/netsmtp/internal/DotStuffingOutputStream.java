/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes message data for the DATA command (RFC 5321 section 4.5.2): every bare CR and bare LF
 * becomes CRLF, a line that starts with {@code .} gets a second one, and {@link #finish()} ends
 * the data with {@code CRLF.CRLF} whether or not the message ended with a line break.
 *
 * <p>Copies runs of ordinary bytes, CRLFs included, straight through: a well-formed message is one
 * write to the buffer below, with no per-line objects or calls.
 * {@link #close()} does not close the stream below, which is the connection's. Not thread-safe.
 */
public final class DotStuffingOutputStream extends OutputStream {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END = {'.', '\r', '\n'};

    private final OutputStream out;
    private final boolean dotStuff;
    private boolean atLineStart = true;
    private boolean pendingCr;
    private boolean finished;
    private long count;

    /**
     * Creates an encoder.
     *
     * @param out where the encoded data goes; buffered, since writes come in small pieces
     */
    public DotStuffingOutputStream(OutputStream out) {
        this(out, true);
    }

    private DotStuffingOutputStream(OutputStream out, boolean dotStuff) {
        this.out = out;
        this.dotStuff = dotStuff;
    }

    /**
     * Creates an encoder for a BDAT chunk (RFC 3030): the same line-ending rules, but no
     * dot-stuffing, and {@link #finish()} ends the message with a line break only, no {@code .}
     * line. The bytes written are exactly {@link MessageBody#size()} for a message in memory.
     *
     * @param out where the encoded data goes
     * @return the encoder
     */
    public static DotStuffingOutputStream forChunk(OutputStream out) {
        return new DotStuffingOutputStream(out, false);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("message data already ended");
        }
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        count += len;
        int end = off + len;
        int run = off; // the start of the bytes not yet written; a CRLF inside a run is copied as is
        for (int i = off; i < end; i++) {
            if (!pendingCr && !atLineStart) {
                // Inside a line: skip eight bytes at a time while none ends it. They stay in the run.
                while (i + 8 <= end && Words.noLineEnd((long) Words.LONGS.get(b, i))) {
                    i += 8;
                }
                if (i == end) {
                    break;
                }
            }
            byte c = b[i];
            if (pendingCr) {
                // A CR ended the previous write: it becomes CRLF, with this byte's LF if it is one.
                pendingCr = false;
                out.write(CRLF);
                atLineStart = true;
                if (c == '\n') {
                    run = i + 1;
                    continue;
                }
                run = i;
            }
            if (c == '\r') {
                if (i + 1 < end && b[i + 1] == '\n') {
                    i++; // a proper CRLF stays in the run
                    atLineStart = true;
                    continue;
                }
                out.write(b, run, i - run);
                run = i + 1;
                if (i + 1 < end) {
                    out.write(CRLF); // a bare CR
                    atLineStart = true;
                } else {
                    pendingCr = true; // the LF may come with the next write
                }
            } else if (c == '\n') {
                out.write(b, run, i - run); // a bare LF
                out.write(CRLF);
                run = i + 1;
                atLineStart = true;
            } else if (atLineStart) {
                atLineStart = false;
                if (c == '.' && dotStuff) {
                    out.write(b, run, i - run);
                    out.write('.');
                    run = i;
                }
            }
        }
        out.write(b, run, end - run);
    }

    /**
     * Ends the data: a line break if the message did not end with one, then {@code .CRLF}. Does
     * not flush.
     *
     * @throws IOException when writing fails
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (pendingCr || !atLineStart) {
            out.write(CRLF);
        }
        if (dotStuff) {
            out.write(END);
        }
    }

    /**
     * Tells whether {@link #finish()} has run.
     *
     * @return true once the end of data was written
     */
    public boolean isFinished() {
        return finished;
    }

    /**
     * Returns how many message bytes were given, before encoding.
     *
     * @return the count
     */
    public long count() {
        return count;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Does nothing: the data is ended by {@link #finish()} and the stream below is the connection's. */
    @Override
    public void close() {}
}
