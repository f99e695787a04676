/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import dev.netsmtp.SmtpReply;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SMTP replies (RFC 5321 section 4.2) from a stream: multi-line replies joined by
 * {@code NNN-} continuation lines, the code checked to be the same on every line, and hard bounds
 * on line length, line count and total size so a hostile server cannot exhaust memory.
 *
 * <p>It keeps its own buffer, so the bytes it has read ahead are known: after a STARTTLS reply
 * they are {@linkplain #discardBuffered() discarded} rather than read as replies (RFC 3207
 * section 4.2 and the STARTTLS response-injection bugs, CVE-2011-0411). A line ends at LF, with
 * or without the CR before it. Not thread-safe.
 */
public final class ReplyReader {

    /**
     * The longest line accepted, its CRLF included (RFC 5321 section 4.5.3.1.5 counts it so, and
     * allows 512 octets; servers' long EHLO lines make a client generous).
     */
    public static final int MAX_LINE_LENGTH = 8192;

    /** The most lines one reply may have. */
    public static final int MAX_LINES = 1000;

    /** The most octets one reply may have. */
    public static final int MAX_REPLY_LENGTH = 64 * 1024;

    private InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];

    /**
     * Creates a reader.
     *
     * @param in the stream to read; the reader buffers it itself
     */
    public ReplyReader(InputStream in) {
        this.in = in;
    }

    /**
     * Switches to a new stream, after a TLS handshake; whatever was buffered from the old stream
     * is dropped.
     *
     * @param newIn the stream to read from now on
     */
    public void switchTo(InputStream newIn) {
        discardBuffered();
        this.in = newIn;
    }

    /**
     * Drops the bytes read ahead and not yet returned.
     *
     * @return how many bytes were dropped
     */
    public int discardBuffered() {
        int dropped = limit - pos;
        pos = 0;
        limit = 0;
        return dropped;
    }

    /**
     * Tells how many bytes were read ahead and not yet returned.
     *
     * @return the count
     */
    public int buffered() {
        return limit - pos;
    }

    /**
     * Reads one whole reply.
     *
     * @return the reply
     * @throws EOFException when the stream ends before the reply does
     * @throws MalformedReplyException when the reply breaks the grammar or the bounds
     * @throws IOException when reading fails, including a socket timeout
     */
    public SmtpReply read() throws IOException {
        List<String> texts = null;
        int code = -1;
        int total = 0;
        while (true) {
            int len = readLine();
            total += len + 2;
            if (total > MAX_REPLY_LENGTH) {
                throw new MalformedReplyException("reply longer than " + MAX_REPLY_LENGTH + " octets");
            }
            if (texts != null && texts.size() == MAX_LINES) {
                throw new MalformedReplyException("reply has more than " + MAX_LINES + " lines");
            }
            int lineCode = parseCode(len);
            if (code == -1) {
                code = lineCode;
            } else if (lineCode != code) {
                throw new MalformedReplyException(
                        "reply code changed from " + code + " to " + lineCode + " within one multi-line reply");
            }
            boolean more = len > 3 && line[3] == '-';
            if (len > 3 && !more && line[3] != ' ') {
                throw new MalformedReplyException(
                        "reply line " + show(len) + " has neither a space nor '-' after the code");
            }
            String text = len > 4 ? new String(line, 4, len - 4, StandardCharsets.UTF_8) : "";
            if (!more && texts == null) {
                return SmtpReply.of(code, text); // the usual one-line reply: no list to grow and copy
            }
            if (texts == null) {
                texts = new ArrayList<>(8);
            }
            texts.add(text);
            if (!more) {
                return SmtpReply.of(code, texts);
            }
        }
    }

    private int parseCode(int len) throws MalformedReplyException {
        if (len < 3) {
            throw new MalformedReplyException("reply line " + show(len) + " is shorter than a reply code");
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            int d = line[i] - '0';
            if (d < 0 || d > 9) {
                throw new MalformedReplyException(
                        "reply line " + show(len) + " does not start with a three-digit code");
            }
            code = code * 10 + d;
        }
        if (code < 200 || code > 599) {
            throw new MalformedReplyException("reply code " + code + " is outside 2xx to 5xx");
        }
        return code;
    }

    /** Reads up to LF into {@link #line}, without the line end; returns its length. */
    private int readLine() throws IOException {
        int len = 0;
        while (true) {
            if (pos == limit) {
                fill();
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            // The LF not yet seen counts too: at most MAX_LINE_LENGTH octets with the line end.
            if (len + n > MAX_LINE_LENGTH - 1) {
                throw new MalformedReplyException("reply line longer than " + MAX_LINE_LENGTH + " octets");
            }
            if (len + n > line.length) {
                line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, len + n));
            }
            System.arraycopy(buf, start, line, len, n);
            len += n;
            if (pos < limit) {
                pos++; // the LF
                return len > 0 && line[len - 1] == '\r' ? len - 1 : len;
            }
        }
    }

    private void fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            throw new EOFException("connection closed by the server");
        }
        pos = 0;
        limit = n;
    }

    private String show(int len) {
        String s = new String(line, 0, Math.min(len, 80), StandardCharsets.UTF_8);
        return "\"" + s.replaceAll("\\p{Cntrl}", "?") + (len > 80 ? "...\"" : "\"");
    }
}
