/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import dev.netsmtp.MessageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * A message to send, with what is known of it before it is sent: its size on the wire and whether
 * it has 8-bit octets. Sizes and 8-bit content of streams are not known in advance.
 */
public abstract class MessageBody {

    private MessageBody() {}

    /**
     * Returns the size in octets after line ends become CRLF (RFC 1870 section 5: dot-stuffing
     * not counted), or -1 when unknown.
     *
     * @return the size or -1
     */
    public abstract long size();

    /**
     * Tells whether the message may have octets above 127; true when unknown.
     *
     * @return whether BODY=8BITMIME is wanted
     */
    public abstract boolean mayBeEightBit();

    /**
     * Writes the message. An {@link IOException} from {@code out} is the connection's; one from
     * the message's own source is thrown as {@link SourceException}, so the two can be told apart.
     *
     * @param out the encoder
     * @throws IOException when writing to {@code out} fails
     */
    public abstract void writeTo(OutputStream out) throws IOException;

    /**
     * A message held in memory.
     *
     * @param bytes the message; not copied, so it must not change while sending
     * @return the body
     */
    public static MessageBody of(byte[] bytes) {
        long size = bytes.length;
        boolean eightBit = false;
        boolean lastCr = false;
        int n = bytes.length;
        for (int i = 0; i < n; ) {
            // Eight bytes at a time while none is CR, LF or 8-bit: most of a text.
            if (!lastCr && !eightBit) {
                while (i + 8 <= n && Words.plain((long) Words.LONGS.get(bytes, i))) {
                    i += 8;
                }
            } else if (!lastCr) {
                while (i + 8 <= n && Words.noLineEnd((long) Words.LONGS.get(bytes, i))) {
                    i += 8;
                }
            }
            if (i == n) {
                break;
            }
            byte b = bytes[i++];
            if (b < 0) {
                eightBit = true;
            }
            if (b == '\n' && !lastCr) {
                size++;
            } else if (lastCr && b != '\n') {
                size++;
            }
            lastCr = b == '\r';
        }
        if (lastCr) {
            size++;
        }
        if (bytes.length > 0 && bytes[bytes.length - 1] != '\n' && !lastCr) {
            size += 2;
        }
        long wireSize = size;
        boolean has8 = eightBit;
        return new MessageBody() {
            @Override
            public long size() {
                return wireSize;
            }

            @Override
            public boolean mayBeEightBit() {
                return has8;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(bytes);
            }
        };
    }

    /**
     * A message read from a stream in pieces, never held whole.
     *
     * @param in the message; read to its end, not closed
     * @return the body
     */
    public static MessageBody of(InputStream in) {
        return new MessageBody() {
            @Override
            public long size() {
                return -1;
            }

            @Override
            public boolean mayBeEightBit() {
                return true;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                byte[] chunk = new byte[16 * 1024];
                while (true) {
                    int n;
                    try {
                        n = in.read(chunk);
                    } catch (IOException e) {
                        throw new SourceException(e);
                    }
                    if (n < 0) {
                        return;
                    }
                    out.write(chunk, 0, n);
                }
            }
        };
    }

    /**
     * A message written by a callback.
     *
     * @param writer writes the message to the stream it is given
     * @return the body
     */
    public static MessageBody of(MessageWriter writer) {
        return new MessageBody() {
            @Override
            public long size() {
                return -1;
            }

            @Override
            public boolean mayBeEightBit() {
                return true;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                GuardedOutputStream guarded = new GuardedOutputStream(out);
                try {
                    writer.writeTo(guarded);
                } catch (IOException e) {
                    if (guarded.failure != null) {
                        throw guarded.failure;
                    }
                    throw new SourceException(e);
                } catch (RuntimeException e) {
                    if (guarded.failure != null) {
                        throw guarded.failure;
                    }
                    throw new SourceException(e);
                }
            }
        };
    }

    /** The message's own source failed, not the connection: the caller's error to report. */
    public static final class SourceException extends IOException {
        private static final long serialVersionUID = 1L;

        SourceException(Exception cause) {
            super("reading the message failed: " + cause.getMessage(), cause);
        }

        /**
         * Returns the caller's error as an unchecked exception.
         *
         * @return the runtime exception the source threw, or an {@link UncheckedIOException}
         */
        public RuntimeException unwrap() {
            Throwable c = getCause();
            if (c instanceof RuntimeException r) {
                return r;
            }
            return new UncheckedIOException((IOException) c);
        }
    }

    /** Remembers whether a write failed, so a callback's exception can be told from the connection's. */
    private static final class GuardedOutputStream extends OutputStream {
        private final OutputStream out;
        private @Nullable IOException failure;

        GuardedOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void flush() {
            // The session flushes once, after the end of data.
        }

        @Override
        public void close() {
            // The session ends the data; closing here would be the caller's mistake, not a signal.
        }
    }
}
