/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import dev.netsmtp.DsnNotify;
import dev.netsmtp.DsnReturn;
import dev.netsmtp.Envelope;
import dev.netsmtp.IdempotencyKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes an envelope into one text column and reads it back, every field kept: one line per field,
 * values percent-encoded (UTF-8) so that no value can break a line or a field. The key is not part
 * of it: it has its own column.
 */
final class EnvelopeCodec {

    private EnvelopeCodec() {}

    static String encode(Envelope envelope) {
        StringBuilder out = new StringBuilder(64 + 48 * envelope.recipients().size());
        out.append("from ").append(escape(envelope.reversePath())).append('\n');
        for (Envelope.Recipient r : envelope.recipients()) {
            out.append("to ").append(escape(r.address())).append(' ');
            if (r.notifyOn().isEmpty()) {
                out.append('-');
            } else {
                StringBuilder notify = new StringBuilder();
                for (DsnNotify n : r.notifyOn()) {
                    notify.append(notify.length() == 0 ? "" : ",").append(n.name());
                }
                out.append(notify);
            }
            out.append(' ')
                    .append(r.originalRecipient().map(EnvelopeCodec::escape).orElse("-"));
            out.append('\n');
        }
        envelope.dsnReturn()
                .ifPresent(ret -> out.append("ret ").append(ret.name()).append('\n'));
        envelope.envelopeId()
                .ifPresent(id -> out.append("envid ").append(escape(id)).append('\n'));
        if (envelope.requiresSmtpUtf8()) {
            out.append("smtputf8\n");
        }
        if (envelope.requiresTls()) {
            out.append("requiretls\n");
        }
        for (Map.Entry<String, String> p : envelope.mailParameters().entrySet()) {
            out.append("param ")
                    .append(escape(p.getKey()))
                    .append(' ')
                    .append(escape(p.getValue()))
                    .append('\n');
        }
        return out.toString();
    }

    static Envelope decode(String text, IdempotencyKey key) {
        Envelope.Builder b = Envelope.builder().key(key);
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            switch (f[0]) {
                case "from" -> b.from(f.length > 1 ? unescape(f[1]) : "");
                case "to" -> {
                    Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
                    if (!"-".equals(f[2])) {
                        for (String n : f[2].split(",")) {
                            notify.add(DsnNotify.valueOf(n));
                        }
                    }
                    Optional<String> orcpt = "-".equals(f[3]) ? Optional.empty() : Optional.of(unescape(f[3]));
                    b.recipient(new Envelope.Recipient(unescape(f[1]), notify, orcpt));
                }
                case "ret" -> b.dsnReturn(DsnReturn.valueOf(f[1]));
                case "envid" -> b.envelopeId(unescape(f[1]));
                case "smtputf8" -> b.smtpUtf8(true);
                case "requiretls" -> b.requireTls(true);
                case "param" -> b.mailParameter(unescape(f[1]), unescape(f[2]));
                default -> throw new IllegalStateException("unknown envelope field in the outbox: " + f[0]);
            }
        }
        return b.build();
    }

    /** The empty string is written as {@code %} alone, so that every field has at least one character. */
    private static String escape(String value) {
        if (value.isEmpty()) {
            return "%";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return out.toString();
    }

    private static String unescape(String value) {
        if ("%".equals(value)) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
