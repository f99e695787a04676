/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.nio.charset.StandardCharsets;

/**
 * The syntax checks netsmtp applies before anything reaches the wire: a value that could end a
 * command early or start another (CR, LF, other control characters, a space, {@code <} or
 * {@code >}) is refused, closing the command-injection hole of CVE-2015-9096 (Ruby net-smtp) and
 * CVE-2025-7962 (Angus Mail).
 *
 * <p>These are deliberately not full RFC 5321 address grammars: servers differ in what they
 * accept, and the server's reply is the authority on an address; the checks here only keep a
 * value inside its own command.
 */
public final class SmtpSyntax {

    private SmtpSyntax() {}

    /**
     * Checks a mailbox for a reverse path or a recipient.
     *
     * @param what what the value is, for the error message, e.g. {@code "recipient"}
     * @param mailbox the address without angle brackets; empty only where the caller allows it
     * @return the mailbox
     * @throws IllegalArgumentException when the value is empty or holds a character that is not
     *     allowed
     */
    public static String checkMailbox(String what, String mailbox) {
        if (mailbox.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        checkNoSeparators(what, mailbox, true);
        int at = mailbox.lastIndexOf('@');
        if (at >= 0 && !isAscii(mailbox.substring(at + 1))) {
            try {
                asciiDomain(mailbox.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " " + quote(mailbox) + ": " + e.getMessage(), e);
            }
        }
        return mailbox;
    }

    /**
     * Returns a domain in its ASCII form (A-labels, RFC 5890), as IDNA2008 with the UTS #46
     * non-transitional processing that registries, browsers and MTAs use: {@code faß.de} is
     * {@code xn--fa-hia.de}, never {@code fass.de} (IDNA2003's mapping, a different domain). Case
     * is folded, a final dot (the root) dropped, an address literal ({@code [192.0.2.1]}) and an
     * ASCII name returned as they are, A-labels checked. On top of UTS #46, every code point of a
     * U-label must be one RFC 5892 allows (letters, marks, digits, and the CONTEXTJ/CONTEXTO
     * characters): a symbol such as an emoji is refused, as IDNA2008 refuses it.
     *
     * @param domain the domain, in Unicode or ASCII
     * @return its ASCII form
     * @throws IllegalArgumentException naming the domain and what is wrong, when it has no
     *     valid IDNA2008 form
     */
    public static String asciiDomain(String domain) {
        return Idna.toAscii(domain);
    }

    /**
     * Checks a HELO/EHLO domain or address literal.
     *
     * @param helo the name to announce
     * @return the name
     * @throws IllegalArgumentException when empty or when it holds a space, a control character,
     *     {@code <} or {@code >}
     */
    public static String checkHelo(String helo) {
        if (helo.isEmpty()) {
            throw new IllegalArgumentException("helo name must not be empty");
        }
        checkNoSeparators("helo name", helo, false);
        return helo;
    }

    /**
     * Checks an ESMTP parameter keyword and value (RFC 5321 section 4.1.2: {@code esmtp-keyword}
     * is letters, digits and hyphens; {@code esmtp-value} is printable ASCII without {@code =}).
     *
     * @param keyword the keyword, e.g. {@code "ENVID"}
     * @param value the value; empty for a keyword without one
     * @throws IllegalArgumentException when either breaks the grammar
     */
    public static void checkParameter(String keyword, String value) {
        if (keyword.isEmpty()) {
            throw new IllegalArgumentException("ESMTP parameter keyword must not be empty");
        }
        for (int i = 0; i < keyword.length(); i++) {
            char c = keyword.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
            if (!ok) {
                throw new IllegalArgumentException(
                        "ESMTP parameter keyword " + quote(keyword) + " has a character not allowed at index " + i);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 33 || c > 126 || c == '=') {
                throw new IllegalArgumentException("value of ESMTP parameter " + keyword + " has " + describe(c)
                        + " at index " + i + ", which is not allowed");
            }
        }
    }

    /**
     * Tells whether a string is all ASCII; a non-ASCII address needs SMTPUTF8 (RFC 6531).
     *
     * @param s the string
     * @return true when every character is below 128
     */
    public static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /**
     * Encodes a string as RFC 3461 xtext: {@code +}, {@code =} and anything outside printable
     * ASCII become {@code +XX} of their UTF-8 octets.
     *
     * @param s the text
     * @return the xtext
     */
    public static String xtext(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 33 || c > 126 || c == '+' || c == '=') {
                sb.append('+')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static void checkNoSeparators(String what, String value, boolean allowNonAscii) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 33
                    || c == 127
                    || c == '<'
                    || c == '>'
                    || (c >= 0x80 && c < 0xa0)
                    || c == '\u2028'
                    || c == '\u2029'
                    || (!allowNonAscii && c >= 128)) {
                throw new IllegalArgumentException(what + " " + quote(value) + " has " + describe(c) + " at index " + i
                        + ", which is not allowed in an SMTP command");
            }
        }
    }

    private static String describe(char c) {
        return switch (c) {
            case '\r' -> "a carriage return (CR)";
            case '\n' -> "a line feed (LF)";
            case ' ' -> "a space";
            case '<', '>' -> "'" + c + "'";
            default -> c < 33 || c == 127 || (c >= 0x80 && c < 0xa0)
                    ? String.format("the control character U+%04X", (int) c)
                    : String.format("the character U+%04X", (int) c);
        };
    }

    /**
     * Returns an address with its domain as IDNA2008 A-labels ({@link #asciiDomain}; {@code
     * jörg@bücher.example} stays refused, {@code info@bücher.example} becomes {@code
     * info@xn--bcher-kva.example}), for a
     * server without SMTPUTF8: the domain has an ASCII form, a non-ASCII local part has none.
     *
     * @param address the address
     * @return the address itself when ASCII, its A-label form when only the domain is not
     *     ASCII, or empty when the local part is not ASCII or the domain is not a valid IDN
     */
    public static java.util.Optional<String> asciiDomainForm(String address) {
        if (isAscii(address)) {
            return java.util.Optional.of(address);
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || !isAscii(address.substring(0, at))) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(address.substring(0, at + 1) + asciiDomain(address.substring(at + 1)));
        } catch (IllegalArgumentException notAnIdn) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Makes text from a server or a user safe for a log line or an exception message: every
     * control character (C0, DEL, C1), CR and LF included, becomes {@code \xNN}, so the text
     * cannot forge log lines or send terminal escapes.
     *
     * @param text the text
     * @return the text with control characters escaped
     */
    public static String printable(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 32 || c == 127 || (c >= 0x80 && c < 0xa0);
            if (control && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb != null) {
                if (control) {
                    sb.append(String.format("\\x%02X", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text : sb.toString();
    }

    private static String quote(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < value.length() && i < 200; i++) {
            char c = value.charAt(i);
            if (c < 32 || c == 127) {
                sb.append(String.format("\\x%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(value.length() > 200 ? "...\"" : "\"").toString();
    }
}
