/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
// One piece past ~400 lines: a bounded MIME walk and RFC 3464's field syntax, each step of which
// is only meaningful with the others (the part a status comes from decides its charset and its
// decoding); split, the limits would have to be passed around and re-checked in every piece.
package dev.netsmtp.dsn;

import dev.netsmtp.EnhancedStatusCode;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.SmtpSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads delivery status notifications: {@code multipart/report; report-type=delivery-status}
 * (RFC 3464 inside RFC 6522's multipart/report container) and its internationalised form,
 * {@code message/global-delivery-status} (RFC 6533). Bounded: a message over
 * {@link #MAX_SIZE} bytes, MIME nested deeper than {@link #MAX_DEPTH}, or more than
 * {@link #MAX_FIELDS} fields is refused with a reason; nothing a malformed report holds makes
 * an exception escape. Thread-safe (stateless).
 *
 * <pre>{@code
 * ReportReading reading = DeliveryReports.read(bounceBytes);
 * if (reading instanceof ReportReading.Report r) {
 *     r.report().key().ifPresent(key -> outbox.markBounced(key, r.report().recipients()));
 * }
 * }</pre>
 */
public final class DeliveryReports {

    /** The largest message read: 16 MiB (a report returns at most the message's headers or itself). */
    public static final int MAX_SIZE = 16 * 1024 * 1024;

    /** How deep MIME parts may nest. */
    public static final int MAX_DEPTH = 8;

    /** The most fields in one header block or status group. */
    public static final int MAX_FIELDS = 1000;

    private DeliveryReports() {}

    /**
     * Reads a message as a delivery report.
     *
     * @param message the whole message (headers and body), as received
     * @return the report, or why it is not one
     */
    public static ReportReading read(byte[] message) {
        if (message.length > MAX_SIZE) {
            return new ReportReading.NotADsn(
                    "the message is " + message.length + " bytes, over the limit of " + MAX_SIZE);
        }
        try {
            return new Walk().report(new String(message, StandardCharsets.ISO_8859_1));
        } catch (NotADsnException e) {
            return new ReportReading.NotADsn(SmtpSyntax.printable(String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            return new ReportReading.NotADsn(
                    "the message could not be read: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Reads a message as a delivery report, at most {@link #MAX_SIZE} bytes of it.
     *
     * @param message the message
     * @return the report, or why it is not one
     * @throws IOException when the stream cannot be read
     */
    public static ReportReading read(InputStream message) throws IOException {
        byte[] bytes = message.readNBytes(MAX_SIZE + 1);
        return read(bytes);
    }

    /**
     * The idempotency key of the message a report is about: from the envelope id, else from a
     * Message-ID netsmtp made.
     *
     * @param report the report
     * @return the key, or empty
     */
    public static Optional<IdempotencyKey> keyOf(DeliveryReport report) {
        Optional<IdempotencyKey> byEnvid = report.envelopeId().flatMap(IdempotencyKey::fromEnvelopeId);
        return byEnvid.isPresent() ? byEnvid : report.originalMessageId().flatMap(IdempotencyKey::fromMessageId);
    }

    private static final class NotADsnException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotADsnException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A MIME entity: its headers (names lower case, values unfolded) and its body, in Latin-1. */
    private record Entity(Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }
    }

    /** One walk over one message. */
    private static final class Walk {
        private @Nullable String status;
        private boolean global;
        private @Nullable String originalMessageId;

        ReportReading report(String message) {
            Entity top = entity(message);
            String type = top.header("content-type");
            String mediaType = mediaType(type);
            if (!mediaType.equals("multipart/report")) {
                throw new NotADsnException(
                        "the message is " + (mediaType.isEmpty() ? "not MIME" : mediaType) + ", not multipart/report");
            }
            String reportType = parameter(type, "report-type").toLowerCase(Locale.ROOT);
            if (!reportType.equals("delivery-status") && !reportType.equals("global-delivery-status")) {
                throw new NotADsnException("the report-type is \"" + reportType
                        + "\", not delivery-status (a read receipt or a feedback report is not a DSN)");
            }
            walk(top, 0);
            if (status == null) {
                throw new NotADsnException("the report has no message/delivery-status part");
            }
            return new ReportReading.Report(parseStatus(status));
        }

        private void walk(Entity entity, int depth) {
            if (depth > MAX_DEPTH) {
                throw new NotADsnException("MIME parts nest deeper than " + MAX_DEPTH);
            }
            String type = entity.header("content-type");
            String media = mediaType(type);
            if (media.startsWith("multipart/")) {
                String boundary = parameter(type, "boundary");
                if (boundary.isEmpty()) {
                    throw new NotADsnException(media + " without a boundary");
                }
                for (String part : parts(entity.body(), boundary)) {
                    walk(entity(part), depth + 1);
                }
                return;
            }
            switch (media) {
                case "message/delivery-status", "message/global-delivery-status" -> {
                    if (status == null) {
                        global = media.startsWith("message/global");
                        status = decode(entity);
                    }
                }
                case "message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers" -> {
                    if (originalMessageId == null) {
                        Entity returned = entity(decodeLatin1(entity));
                        String id = returned.header("message-id").strip();
                        if (!id.isEmpty()) {
                            originalMessageId = utf8(id);
                        }
                    }
                }
                default -> {
                    // The human-readable part and anything else: not needed.
                }
            }
        }

        private DeliveryReport parseStatus(String text) {
            List<Map<String, String>> groups = new ArrayList<>();
            for (String block : text.replace("\r\n", "\n").split("\n[ \t]*\n")) {
                if (!block.isBlank()) {
                    groups.add(fields(block));
                }
            }
            if (groups.size() < 2) {
                throw new NotADsnException("the delivery-status part has no per-recipient fields");
            }
            Map<String, String> message = groups.get(0);
            List<RecipientStatus> recipients = new ArrayList<>();
            for (int i = 1; i < groups.size(); i++) {
                recipients.add(recipient(groups.get(i), i));
            }
            return new DeliveryReport(
                    field(message, "original-envelope-id"),
                    field(message, "reporting-mta").map(v -> typed(v, false)),
                    field(message, "arrival-date"),
                    Optional.ofNullable(originalMessageId).map(SmtpSyntax::printable),
                    recipients);
        }

        private RecipientStatus recipient(Map<String, String> f, int index) {
            String finalRecipient = field(f, "final-recipient")
                    .orElseThrow(() -> new NotADsnException("recipient " + index + " has no Final-Recipient"));
            String actionText =
                    field(f, "action").orElseThrow(() -> new NotADsnException("recipient " + index + " has no Action"));
            Action action = Action.parse(actionText)
                    .orElseThrow(() -> new NotADsnException(
                            "recipient " + index + " has the Action \"" + actionText + "\", not one of RFC 3464's"));
            String statusText =
                    field(f, "status").orElseThrow(() -> new NotADsnException("recipient " + index + " has no Status"));
            EnhancedStatusCode status = EnhancedStatusCode.parse(
                            statusText.strip().split("[\\s(]", 2)[0])
                    .orElseThrow(() -> new NotADsnException(
                            "recipient " + index + " has the Status \"" + statusText + "\", not an RFC 3463 code"));
            return new RecipientStatus(
                    typed(finalRecipient, true),
                    field(f, "original-recipient").map(v -> typed(v, true)),
                    action,
                    status,
                    field(f, "diagnostic-code").map(v -> SmtpSyntax.printable(v.strip())),
                    field(f, "remote-mta").map(v -> typed(v, false)));
        }

        private Optional<String> field(Map<String, String> fields, String name) {
            String v = fields.get(name);
            if (v == null || v.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(global ? v.strip() : utf8(v.strip()));
        }
    }

    /**
     * A typed value ({@code rfc822; a@b}, {@code utf-8; a@b}, {@code dns; host}): the value after
     * the type, with RFC 6533's {@code \x{..}} decoded in a utf-8 address. Addresses and the
     * envelope id are taken as written, not xtext-decoded: MTAs (Postfix among them) write them
     * decoded, and decoding again would turn a plus address such as {@code ann+2024@} into another.
     */
    private static String typed(String value, boolean address) {
        int semi = value.indexOf(';');
        String type = semi < 0 ? "" : value.substring(0, semi).strip().toLowerCase(Locale.ROOT);
        String v = (semi < 0 ? value : value.substring(semi + 1)).strip();
        if (address && type.equals("utf-8")) {
            v = unescapeUtf8(v);
        }
        return SmtpSyntax.printable(v);
    }

    /** RFC 6533's utf-8-addr-unitext: {@code \x{HEX}} for a code point. */
    private static String unescapeUtf8(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            if (value.startsWith("\\x{", i)) {
                int close = value.indexOf('}', i);
                if (close > i + 3 && close - i <= 10) {
                    try {
                        sb.appendCodePoint(Integer.parseInt(value.substring(i + 3, close), 16));
                        i = close + 1;
                        continue;
                    } catch (IllegalArgumentException e) {
                        // not an escape: kept as written
                    }
                }
            }
            sb.append(value.charAt(i++));
        }
        return sb.toString();
    }

    /** Splits headers from body; unfolds the headers (RFC 5322 section 2.2.3). */
    private static Entity entity(String text) {
        int end = headerEnd(text);
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end).replaceFirst("^\r?\n\r?\n", "");
        return new Entity(fields(head), body);
    }

    private static int headerEnd(String text) {
        if (text.startsWith("\r\n") || text.startsWith("\n")) {
            return 0;
        }
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        if (crlf < 0) {
            return lf;
        }
        return lf < 0 ? crlf : Math.min(crlf, lf);
    }

    /** Header-style fields: names lower case, continuation lines joined; the first of a name wins. */
    private static Map<String, String> fields(String block) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int count = 0;
        for (String line : block.split("\r?\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.strip());
                continue;
            }
            if (name != null) {
                out.putIfAbsent(name, value.toString());
            }
            name = null;
            int colon = line.indexOf(':');
            if (colon > 0) {
                if (++count > MAX_FIELDS) {
                    throw new NotADsnException("more than " + MAX_FIELDS + " fields in one block");
                }
                name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                value = new StringBuilder(line.substring(colon + 1).strip());
            }
        }
        if (name != null) {
            out.putIfAbsent(name, value.toString());
        }
        return out;
    }

    /** The body parts between {@code --boundary} lines (RFC 2046 section 5.1.1). */
    private static List<String> parts(String body, String boundary) {
        String delimiter = "--" + boundary;
        List<String> parts = new ArrayList<>();
        int at = body.startsWith(delimiter) ? 0 : body.indexOf("\n" + delimiter);
        if (at < 0) {
            throw new NotADsnException("the boundary \"" + boundary + "\" is not in the body");
        }
        at = body.startsWith(delimiter) ? delimiter.length() : at + 1 + delimiter.length();
        while (true) {
            if (body.startsWith("--", at)) {
                return parts; // the close delimiter
            }
            int lineEnd = body.indexOf('\n', at);
            if (lineEnd < 0) {
                return parts;
            }
            int next = body.indexOf("\n" + delimiter, lineEnd);
            if (next < 0) {
                // No close delimiter: a truncated report; what is there is the last part.
                parts.add(body.substring(lineEnd + 1));
                return parts;
            }
            int partEnd = next > 0 && body.charAt(next - 1) == '\r' ? next - 1 : next;
            parts.add(body.substring(lineEnd + 1, Math.max(lineEnd + 1, partEnd)));
            if (parts.size() > MAX_FIELDS) {
                throw new NotADsnException("more than " + MAX_FIELDS + " MIME parts");
            }
            at = next + 1 + delimiter.length();
        }
    }

    /** The part's body with its transfer encoding undone, as text in its charset. */
    private static String decode(Entity entity) {
        String latin1 = decodeLatin1(entity);
        String media = mediaType(entity.header("content-type"));
        return media.startsWith("message/global") ? utf8(latin1) : latin1;
    }

    /** The part's body with its transfer encoding undone, bytes kept one char each. */
    private static String decodeLatin1(Entity entity) {
        String cte = entity.header("content-transfer-encoding").strip().toLowerCase(Locale.ROOT);
        byte[] bytes;
        switch (cte) {
            case "base64" -> {
                try {
                    bytes = Base64.getMimeDecoder().decode(entity.body().getBytes(StandardCharsets.ISO_8859_1));
                } catch (IllegalArgumentException e) {
                    throw new NotADsnException("a base64 part is not base64");
                }
            }
            case "quoted-printable" -> bytes = quotedPrintable(entity.body());
            default -> {
                return entity.body();
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] quotedPrintable(String body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '=' && i + 1 < body.length()) {
                if (body.charAt(i + 1) == '\n') {
                    i += 1;
                    continue;
                }
                if (body.startsWith("\r\n", i + 1)) {
                    i += 2;
                    continue;
                }
                if (i + 2 < body.length()) {
                    try {
                        out.write(Integer.parseInt(body.substring(i + 1, i + 3), 16));
                        i += 2;
                        continue;
                    } catch (NumberFormatException e) {
                        // a lone '=': kept
                    }
                }
            }
            out.write(c & 0xff);
        }
        return out.toByteArray();
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** A Content-Type parameter's value, quotes removed; empty when absent. */
    private static String parameter(String contentType, String name) {
        for (String p : contentType.split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase(name)) {
                String v = p.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return "";
    }
}
