/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A message's header fields as they will go to the wire (CRLF line ends, folding kept), each as
 * its raw text without the final CRLF; read in ISO-8859-1 so that every byte, 8-bit UTF-8 too, is
 * one char and hashes back to itself.
 */
final class HeaderBlock {

    record Field(String name, String raw) {
        String lowerName() {
            return name.toLowerCase(Locale.ROOT);
        }

        /** The value after the colon, unfolded. */
        String value() {
            return raw.substring(raw.indexOf(':') + 1).replace("\r\n", "");
        }
    }

    private final List<Field> fields;

    private HeaderBlock(List<Field> fields) {
        this.fields = fields;
    }

    /** Reads the header block: bytes up to (not including) the empty line. */
    static HeaderBlock parse(byte[] header, int length) {
        String text = new String(header, 0, length, StandardCharsets.ISO_8859_1);
        List<Field> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append("\r\n").append(line);
                continue;
            }
            if (current != null) {
                fields.add(field(current.toString()));
            }
            current = new StringBuilder(line);
        }
        if (current != null) {
            fields.add(field(current.toString()));
        }
        return new HeaderBlock(fields);
    }

    private static Field field(String raw) {
        int colon = raw.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("the message's header has a line that is not a field (no name and "
                    + "colon); DKIM cannot sign it: "
                    + dev.netsmtp.SmtpSyntax.printable(raw.length() > 60 ? raw.substring(0, 60) + "..." : raw));
        }
        return new Field(raw.substring(0, colon).strip(), raw);
    }

    List<Field> fields() {
        return fields;
    }

    /** The domain of the From address, lower case. */
    Optional<String> fromDomain() {
        for (Field f : fields) {
            if (f.lowerName().equals("from")) {
                String v = f.value();
                int lt = v.lastIndexOf('<');
                int gt = v.lastIndexOf('>');
                String address = lt >= 0 && gt > lt ? v.substring(lt + 1, gt) : v;
                int at = address.lastIndexOf('@');
                if (at < 0) {
                    return Optional.empty();
                }
                return Optional.of(address.substring(at + 1).strip().toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    boolean has(String lowerName) {
        for (Field f : fields) {
            if (f.lowerName().equals(lowerName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The fields h= names, chosen as RFC 6376 section 5.4.2 says: for each name, the last instance
     * not chosen yet, from the bottom; a name with no instance left contributes nothing (the
     * over-signed From).
     */
    List<Field> chosen(List<String> names) {
        List<Field> out = new ArrayList<>(names.size());
        boolean[] used = new boolean[fields.size()];
        for (String name : names) {
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (!used[i] && fields.get(i).lowerName().equals(name)) {
                    used[i] = true;
                    out.add(fields.get(i));
                    break;
                }
            }
        }
        return out;
    }

    /** RFC 6376 section 3.4.1 and 3.4.2: one field's canonical form, with its CRLF. */
    static String canonical(Field f, Canonicalization c) {
        if (c == Canonicalization.SIMPLE) {
            return f.raw() + "\r\n";
        }
        return relaxed(f.lowerName(), f.raw().substring(f.raw().indexOf(':') + 1)) + "\r\n";
    }

    static String relaxed(String lowerName, String value) {
        String unfolded = value.replace("\r\n", "");
        StringBuilder v = new StringBuilder(unfolded.length());
        boolean space = false;
        for (int i = 0; i < unfolded.length(); i++) {
            char ch = unfolded.charAt(i);
            if (ch == ' ' || ch == '\t') {
                space = true;
                continue;
            }
            if (space && v.length() > 0) {
                v.append(' ');
            }
            space = false;
            v.append(ch);
        }
        return lowerName + ":" + v;
    }
}
