/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The TCP socket under every connection, plain or TLS (a TLS socket is layered on it and does its
 * I/O through this socket's streams), with every read and write bounded in time:
 *
 * <ul>
 *   <li>before <em>each</em> read of the socket, {@code SO_TIMEOUT} is set to what is left of the
 *       current read bound, so a reply dripped a byte at a time, or a TLS record split in pieces,
 *       ends when the bound passes instead of waiting a full timeout per byte;
 *   <li>each write goes out in pieces of at most 64 KiB, each armed with the {@link Watchdog}
 *       for the write timeout (RFC 5321 section 4.5.3.2.5 bounds each TCP send of data, not the
 *       whole message), and never past the operation's deadline; when the watchdog fires it
 *       closes this socket, which ends the blocked write.
 * </ul>
 *
 * <p>The bounds are set by the one thread that uses the connection; only {@link #close()} comes
 * from the watchdog's thread.
 */
final class BoundedSocket extends Socket {

    private static final int WRITE_PIECE = 64 * 1024;

    private final Watchdog.Guard guard = new Watchdog.Guard(this::closeQuietly);
    private final long writeTimeoutNanos;
    private boolean hasDeadline;
    private long deadline;
    private long readBound;
    private boolean readBoundIsDeadline;
    private int soTimeout = -1;
    private volatile boolean watchdogFired;
    private volatile boolean firedByDeadline;
    private @Nullable InputStream in;
    private @Nullable OutputStream out;

    BoundedSocket(long writeTimeoutNanos) {
        this.writeTimeoutNanos = writeTimeoutNanos;
        this.readBound = System.nanoTime(); // no read before a bound is set with readWithin
    }

    /** Sets the operation's deadline, a {@link System#nanoTime()}; every later read and write stops at it. */
    void deadline(long nanoTime) {
        hasDeadline = true;
        deadline = nanoTime;
    }

    /** Lifts the deadline; reads and writes are bounded by their own timeouts again. */
    void clearDeadline() {
        hasDeadline = false;
    }

    /** Starts a read bound of {@code timeoutNanos} from now, or the deadline when that comes first. */
    void readWithin(long timeoutNanos) {
        long now = System.nanoTime();
        readBoundIsDeadline = hasDeadline && deadline - now <= timeoutNanos;
        readBound = readBoundIsDeadline ? deadline : now + timeoutNanos;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        InputStream i = in;
        if (i == null) {
            i = new BoundedInput(super.getInputStream());
            in = i;
        }
        return i;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        OutputStream o = out;
        if (o == null) {
            o = new BoundedOutput(super.getOutputStream());
            out = o;
        }
        return o;
    }

    private void beforeRead() throws IOException {
        if (watchdogFired) {
            throw new IoTimeoutException(true, firedByDeadline);
        }
        long left = readBound - System.nanoTime();
        if (left <= 0) {
            throw new IoTimeoutException(false, readBoundIsDeadline);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000));
        // The timeout in force may stay while it is not above what is left and at most a little
        // below it (50 ms, or 1/64 of it): a read then ends at most that much early, never late,
        // and a reply-by-reply exchange does not reset the option (and box an Integer) per read.
        int slack = Math.min(50, millis / 64);
        if (soTimeout > millis || soTimeout < millis - slack) {
            setSoTimeout(millis);
            soTimeout = millis;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // The watchdog only needs the blocked call to end.
        }
    }

    private final class BoundedInput extends FilterInputStream {
        BoundedInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            beforeRead();
            try {
                return super.read();
            } catch (SocketTimeoutException e) {
                throw timedOut(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            beforeRead();
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw timedOut(e);
            }
        }

        private IoTimeoutException timedOut(SocketTimeoutException e) {
            if (e instanceof IoTimeoutException t) {
                return t;
            }
            IoTimeoutException t = new IoTimeoutException(false, readBoundIsDeadline);
            t.initCause(e);
            return t;
        }
    }

    private final class BoundedOutput extends FilterOutputStream {
        BoundedOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, WRITE_PIECE);
                long now = System.nanoTime();
                boolean byDeadline = hasDeadline && deadline - now <= writeTimeoutNanos;
                long bound = byDeadline ? deadline : now + writeTimeoutNanos;
                if (bound - now <= 0) {
                    throw new IoTimeoutException(true, true);
                }
                IOException failure = null;
                boolean fired;
                guard.arm(bound);
                try {
                    out.write(b, off, n);
                } catch (IOException e) {
                    failure = e;
                } finally {
                    fired = guard.disarm();
                }
                if (fired) {
                    firedByDeadline = byDeadline;
                    watchdogFired = true;
                }
                if (failure != null) {
                    if (fired) {
                        IoTimeoutException t = new IoTimeoutException(true, byDeadline);
                        t.initCause(failure);
                        throw t;
                    }
                    throw failure;
                }
                if (fired && len > n) {
                    // The watchdog closed the socket just as this piece went in whole: the rest,
                    // and with it the end of data, will never go out.
                    throw new IoTimeoutException(true, byDeadline);
                }
                // Otherwise every byte was handed to the kernel before the close, which still sends
                // them: that may include the end of data, so the next read, not this write, fails
                // (with the timeout), and a message is then reported uncertain, never undelivered.
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
