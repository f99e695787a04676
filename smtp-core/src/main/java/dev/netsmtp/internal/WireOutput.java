/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The connection's buffered output, which knows how far its bytes got: {@link #position()} counts
 * every byte taken, {@link #sent()} every byte of the writes to the socket that returned, and
 * {@link #attempted()} those and the bytes of a write that failed. A mark taken just after the end
 * of a message's data therefore says, after a failure, whether that end can have reached the
 * server ({@link #mayHaveSent}).
 *
 * <p>A socket write that fails has not handed its last byte to the kernel (the JDK copies bytes in
 * order and stops at the first failure; over TLS, a record cut short is discarded whole), so only
 * a byte before the last one of a failed write can have gone. Bytes go to the socket in pieces of
 * at most {@value #PIECE} octets (a TLS record's worth), which places a failure within that. After
 * the first failure every write and flush throws: nothing more reaches the wire. Not thread-safe.
 */
final class WireOutput extends OutputStream {

    static final int BUFFER = 64 * 1024;

    /** The most handed to the socket in one call: a TLS record's payload. */
    static final int PIECE = 16 * 1024;

    private OutputStream socket;
    private final byte[] buffer = new byte[BUFFER];
    private int count;
    private long sent;
    private long attempted;
    private @Nullable IOException failure;

    WireOutput(OutputStream socket) {
        this.socket = socket;
    }

    /** Continues on another stream (TLS after STARTTLS), with nothing buffered for the old one. */
    void switchTo(OutputStream socket) {
        this.socket = socket;
        this.count = 0;
    }

    /** Bytes taken so far, buffered or sent. */
    long position() {
        return sent + count;
    }

    /** Bytes of the socket writes that returned. */
    long sent() {
        return sent;
    }

    /** Bytes handed to the socket so far, including those of a write that failed. */
    long attempted() {
        return attempted;
    }

    /**
     * Whether the bytes before {@code mark} can all have reached the server: written by writes
     * that returned, or lying before the last byte of the write that failed.
     */
    boolean mayHaveSent(long mark) {
        return sent >= mark || attempted > mark;
    }

    /** The first write failure, or null. */
    @Nullable
    IOException failure() {
        return failure;
    }

    @Override
    public void write(int b) throws IOException {
        if (count == BUFFER) {
            drain();
        }
        failIfFailed();
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        failIfFailed();
        if (len >= BUFFER) {
            drain();
            send(b, off, len);
            return;
        }
        if (len > BUFFER - count) {
            drain();
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    @Override
    public void flush() throws IOException {
        drain();
        failIfFailed();
        socket.flush();
    }

    @Override
    public void close() {
        // The socket is closed by the connection.
    }

    private void drain() throws IOException {
        failIfFailed();
        if (count > 0) {
            int n = count;
            count = 0;
            send(buffer, 0, n);
        }
    }

    private void send(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, PIECE);
            attempted = sent + n;
            try {
                socket.write(b, off, n);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            sent += n;
            off += n;
            len -= n;
        }
    }

    private void failIfFailed() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException("an earlier write to the connection failed: " + f, f);
        }
    }
}
