/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import dev.netsmtp.SmtpSyntax;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mailbox as people type it: {@code ann@example.com} or {@code Ann Lee <ann@example.com>}
 * (RFC 5322 section 3.4). The envelope takes the address; Jakarta Mail writes the header, the
 * display name quoted, or encoded (RFC 2047) when it is not ASCII.
 *
 * @param displayName the name, empty when none was given
 * @param address the address, checked for the envelope
 */
public record Mailbox(String displayName, String address) {

    private static final Pattern NAMED = Pattern.compile("^\\s*\"?([^\"<>]*?)\"?\\s*<([^<>]+)>\\s*$");

    /**
     * Reads what was typed.
     *
     * @param field the form field, for the error
     * @param text {@code address} or {@code Name <address>}
     * @return the mailbox
     * @throws IllegalArgumentException naming the field when the address is not one
     */
    public static Mailbox parse(String field, String text) {
        String trimmed = text.strip();
        Matcher named = NAMED.matcher(trimmed);
        String name = "";
        String address = trimmed;
        if (named.matches()) {
            name = named.group(1).strip();
            address = named.group(2).strip();
        }
        if (address.indexOf('@') <= 0) {
            throw new IllegalArgumentException(
                    field + ": '" + SmtpSyntax.printable(address) + "' is not an e-mail address");
        }
        SmtpSyntax.checkMailbox(field, address);
        if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(field + ": the display name must be one line");
        }
        return new Mailbox(name, address);
    }
}
