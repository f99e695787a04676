/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.util.Optional;

/**
 * An RFC 3463 enhanced mail system status code such as {@code 5.1.1}, as carried at the start of
 * a reply's text by servers that advertise ENHANCEDSTATUSCODES (RFC 2034).
 *
 * @param codeClass the class: 2 (success), 4 (persistent transient failure) or 5 (permanent failure)
 * @param subject the subject, 0 to 999
 * @param detail the detail, 0 to 999
 */
public record EnhancedStatusCode(int codeClass, int subject, int detail) {

    /**
     * Checks the parts.
     *
     * @param codeClass the class: 2, 4 or 5
     * @param subject the subject, 0 to 999
     * @param detail the detail, 0 to 999
     * @throws IllegalArgumentException when a part is out of range
     */
    public EnhancedStatusCode {
        if (codeClass != 2 && codeClass != 4 && codeClass != 5) {
            throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5, was " + codeClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException(
                    "enhanced status subject and detail must be 0 to 999: " + subject + "." + detail);
        }
    }

    /**
     * Reads an enhanced status code from the start of a reply line's text.
     *
     * @param text the reply text after the three-digit code and its separator
     * @return the code, or empty when the text does not start with one
     */
    public static Optional<EnhancedStatusCode> parse(String text) {
        // RFC 3463 section 2: class "." subject "." detail, 1 to 3 digits each, then a space or the
        // end. Scanned by hand: it runs on every reply of every message.
        int len = text.length();
        if (len < 5) {
            return Optional.empty();
        }
        char c = text.charAt(0);
        if ((c != '2' && c != '4' && c != '5') || text.charAt(1) != '.') {
            return Optional.empty();
        }
        int i = 2;
        int subject = 0;
        while (i < len && i < 5 && isDigit(text.charAt(i))) {
            subject = subject * 10 + (text.charAt(i++) - '0');
        }
        // A fourth digit fails here too: it is neither the dot nor the space that must follow.
        if (i == 2 || i >= len || text.charAt(i) != '.') {
            return Optional.empty();
        }
        int start = ++i;
        int detail = 0;
        while (i < len && i < start + 3 && isDigit(text.charAt(i))) {
            detail = detail * 10 + (text.charAt(i++) - '0');
        }
        if (i == start || (i < len && !Character.isWhitespace(text.charAt(i)))) {
            return Optional.empty();
        }
        return Optional.of(new EnhancedStatusCode(c - '0', subject, detail));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Returns the code as written on the wire, such as {@code 5.1.1}.
     *
     * @return the dotted form
     */
    @Override
    public String toString() {
        return codeClass + "." + subject + "." + detail;
    }
}
