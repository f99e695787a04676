/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpReply;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplyReaderTests {

    private static ReplyReader reader(String wire) {
        return new ReplyReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    }

    /** Hands out one byte per read, as a slow network might. */
    private static ReplyReader oneByteAtATime(String wire) {
        byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
        return new ReplyReader(new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        });
    }

    @Test
    void multiLineReplyFedOneByteAtATimeIsJoined() throws IOException {
        ReplyReader r = oneByteAtATime("250-mail.example.com Hello\r\n250-PIPELINING\r\n250 SIZE 1000\r\n220 next\r\n");
        SmtpReply reply = r.read();
        assertThat(reply.code()).isEqualTo(250);
        assertThat(reply.lines()).containsExactly("mail.example.com Hello", "PIPELINING", "SIZE 1000");
        assertThat(r.read().code()).isEqualTo(220);
    }

    @Test
    void replyWithMismatchedContinuationCodeIsRejected() {
        assertThatThrownBy(() -> reader("250-first\r\n251 second\r\n").read())
                .isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("changed from 250 to 251");
    }

    @Test
    void bareLineFeedEndsALine() throws IOException {
        SmtpReply reply = reader("250-a\n250 b\n").read();
        assertThat(reply.lines()).containsExactly("a", "b");
    }

    @Test
    void codeWithoutTextIsAccepted() throws IOException {
        SmtpReply reply = reader("250\r\n").read();
        assertThat(reply.code()).isEqualTo(250);
        assertThat(reply.lines()).containsExactly("");
    }

    @Test
    void tooManyLinesIsAProtocolErrorNotOutOfMemory() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ReplyReader.MAX_LINES + 5; i++) {
            sb.append("250-x\r\n");
        }
        assertThatThrownBy(() -> reader(sb.toString()).read())
                .isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("more than");
    }

    @Test
    void endlessLineIsAProtocolError() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        ReplyReader r = new ReplyReader(new java.io.SequenceInputStream(
                new ByteArrayInputStream("250 ".getBytes(StandardCharsets.US_ASCII)), endless));
        assertThatThrownBy(r::read).isInstanceOf(MalformedReplyException.class).hasMessageContaining("longer than");
    }

    @Test
    void theLineCapCountsTheLineEnd() throws Exception {
        int max = ReplyReader.MAX_LINE_LENGTH;
        String fits = "250 " + "x".repeat(max - 6) + "\r\n";
        assertThat(fits).hasSize(max);
        assertThat(reader(fits).read().code()).isEqualTo(250);
        String over = "250 " + "x".repeat(max - 5) + "\r\n";
        assertThat(over).hasSize(max + 1);
        assertThatThrownBy(() -> reader(over).read())
                .isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("longer than " + max);
    }

    @Test
    void totalSizeIsBounded() {
        String line = "250-" + "y".repeat(1000) + "\r\n";
        assertThatThrownBy(() -> reader(line.repeat(70)).read())
                .isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("octets");
    }

    @Test
    void garbageInsteadOfACodeIsRejected() {
        assertThatThrownBy(() -> reader("hello there\r\n").read())
                .isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("three-digit code");
        assertThatThrownBy(() -> reader("25\r\n").read()).isInstanceOf(MalformedReplyException.class);
        assertThatThrownBy(() -> reader("250xtext\r\n").read())
                .isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("neither a space nor '-'");
        assertThatThrownBy(() -> reader("199 low\r\n").read()).isInstanceOf(MalformedReplyException.class);
    }

    @Test
    void endOfStreamInsideAReplyIsEof() {
        assertThatThrownBy(() -> reader("250-first\r\n250 sec").read()).isInstanceOf(EOFException.class);
    }

    @Test
    void bufferedBytesCanBeDiscardedForStartTls() throws IOException {
        ReplyReader r = reader("220 go ahead\r\n250 injected\r\n");
        assertThat(r.read().code()).isEqualTo(220);
        assertThat(r.buffered()).isPositive();
        assertThat(r.discardBuffered()).isEqualTo("250 injected\r\n".length());
        assertThat(r.buffered()).isZero();
    }
}
