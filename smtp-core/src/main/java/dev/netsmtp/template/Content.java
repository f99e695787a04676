/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import dev.netsmtp.Envelope;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.SendResult;
import dev.netsmtp.session.SmtpSession;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A message that can be sent on a session, and may or may not be sent again. */
interface Content {

    SendResult sendOn(SmtpSession session);

    /** Whether another attempt would send the same message: nothing one-shot was consumed. */
    boolean replayable();

    /** A byte array: always replayable. */
    static Content bytes(Envelope envelope, byte[] message) {
        return new Content() {
            @Override
            public SendResult sendOn(SmtpSession session) {
                return session.sendMessage(envelope, message);
            }

            @Override
            public boolean replayable() {
                return true;
            }
        };
    }

    /** A stream: replayable only while nothing of it was read. */
    static Content stream(Envelope envelope, InputStream message) {
        CountingInputStream counted = new CountingInputStream(message);
        return new Content() {
            @Override
            public SendResult sendOn(SmtpSession session) {
                return session.sendMessage(envelope, counted);
            }

            @Override
            public boolean replayable() {
                return counted.count == 0;
            }
        };
    }

    /** A message signed once and kept in a file: every attempt reads the same bytes again. */
    static Content signed(Envelope envelope, dev.netsmtp.dkim.SignedMessage message) {
        return new Content() {
            @Override
            public SendResult sendOn(SmtpSession session) {
                try (InputStream in = message.open()) {
                    return session.sendMessage(envelope, in);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public boolean replayable() {
                return true;
            }
        };
    }

    /** A writer: replayable when it says so, or while it never ran. */
    static Content writer(Envelope envelope, MessageWriter writer) {
        boolean[] called = {false};
        MessageWriter watched = out -> {
            called[0] = true;
            writer.writeTo(out);
        };
        return new Content() {
            @Override
            public SendResult sendOn(SmtpSession session) {
                return session.sendMessage(envelope, watched);
            }

            @Override
            public boolean replayable() {
                // A one-shot writer that ran may have consumed its source: a retry would send
                // what is left of it, headers gone, as if it were the message.
                return writer.isReplayable() || !called[0];
            }
        };
    }

    /** Counts what was read, so a stream is never retried once partly consumed. */
    final class CountingInputStream extends FilterInputStream {
        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
