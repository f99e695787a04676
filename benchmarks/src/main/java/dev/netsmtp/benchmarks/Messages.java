/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import java.nio.charset.StandardCharsets;

/** The benchmark message: plain RFC 5322 text of a given size, built once before timing. */
final class Messages {

    static final String FROM = "bench@example.com";
    static final String TO = "sink@example.com";

    private Messages() {}

    /**
     * A message of exactly {@code size} octets (or its headers, when larger): 76-character lines
     * of text after the headers, CRLF line ends.
     */
    static byte[] of(int size, String messageId) {
        String head = "From: " + FROM + "\r\nTo: " + TO + "\r\nSubject: netsmtp benchmark\r\nMessage-ID: <" + messageId
                + ">\r\nDate: Sat, 28 Nov 2026 12:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=US-ASCII\r\n\r\n";
        StringBuilder sb = new StringBuilder(Math.max(size, head.length()) + 80).append(head);
        String line = "The quick brown fox jumps over the lazy dog; pack my box with five dozen liq";
        while (sb.length() < size) {
            int left = size - sb.length();
            if (left >= line.length() + 2) {
                sb.append(line).append("\r\n");
            } else if (left >= 2) {
                sb.append(line, 0, left - 2).append("\r\n");
            } else {
                sb.append("\r\n", 0, left);
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The body text alone (for clients that build the MIME message themselves). */
    static String body(int size) {
        String all = new String(of(size, "x@bench"), StandardCharsets.US_ASCII);
        return all.substring(all.indexOf("\r\n\r\n") + 4);
    }
}
