/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One SMTP reply (RFC 5321 section 4.2): a three-digit code and one or more lines of text.
 *
 * <p>Immutable and thread-safe. The text lines are kept without the code and its separator; the
 * {@linkplain #enhancedStatusCode() enhanced status code} is read from the first line when it
 * starts with one whose class agrees with the reply code.
 */
public final class SmtpReply {

    private final int code;
    private final List<String> lines;
    /** Parsed when first asked for: most replies are never asked. */
    private volatile @Nullable Optional<EnhancedStatusCode> enhancedStatusCode;

    private SmtpReply(int code, List<String> lines) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply code must be 200 to 599, was " + code);
        }
        this.code = code;
        this.lines = List.copyOf(lines.isEmpty() ? List.of("") : lines);
    }

    /**
     * Creates a reply.
     *
     * @param code the reply code, 200 to 599
     * @param lines the text of each line, without the code; an empty list means one empty line
     * @return the reply
     * @throws IllegalArgumentException when the code is out of range
     */
    public static SmtpReply of(int code, List<String> lines) {
        return new SmtpReply(code, lines);
    }

    /**
     * Creates a one-line reply.
     *
     * @param code the reply code, 200 to 599
     * @param text the text after the code
     * @return the reply
     */
    public static SmtpReply of(int code, String text) {
        return new SmtpReply(code, List.of(text));
    }

    /**
     * Returns the three-digit reply code.
     *
     * @return the code, 200 to 599
     */
    public int code() {
        return code;
    }

    /**
     * Returns the text of every line, without the code and separator.
     *
     * @return the lines, at least one
     */
    public List<String> lines() {
        return lines;
    }

    /**
     * Returns every line's text joined with a line feed.
     *
     * @return the whole text
     */
    public String text() {
        return String.join("\n", lines);
    }

    /**
     * Returns the RFC 3463 enhanced status code at the start of the first line, when present.
     *
     * @return the enhanced status code, or empty
     */
    public Optional<EnhancedStatusCode> enhancedStatusCode() {
        Optional<EnhancedStatusCode> parsed = enhancedStatusCode;
        if (parsed == null) {
            // Benign race: two threads parse the same line to equal values.
            parsed = EnhancedStatusCode.parse(lines.get(0)).filter(esc -> esc.codeClass() == code / 100);
            enhancedStatusCode = parsed;
        }
        return parsed;
    }

    /**
     * Tells whether this is a positive completion reply (2xx).
     *
     * @return true for 2xx
     */
    public boolean isPositiveCompletion() {
        return code / 100 == 2;
    }

    /**
     * Tells whether this is a positive intermediate reply (3xx), such as 354 or 334.
     *
     * @return true for 3xx
     */
    public boolean isPositiveIntermediate() {
        return code / 100 == 3;
    }

    /**
     * Tells whether this is a transient negative reply (4xx): trying again later may succeed.
     *
     * @return true for 4xx
     */
    public boolean isTransientNegative() {
        return code / 100 == 4;
    }

    /**
     * Tells whether this is a permanent negative reply (5xx).
     *
     * @return true for 5xx
     */
    public boolean isPermanentNegative() {
        return code / 100 == 5;
    }

    /**
     * Returns the reply as the server wrote it, one line per reply line, without line ends.
     *
     * @return the wire form
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SmtpReply other && other.code == code && other.lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, lines);
    }
}
