/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A message's identity from the call to its bounce: given by the caller (an order id, an outbox
 * row) or {@linkplain #generate() generated}, it goes to the server as the DSN envelope id
 * (ENVID, RFC 3461) when the server offers DSN, is the Message-ID of messages netsmtp renders,
 * and is in every {@link SendResult}, {@link SmtpException}, transcript and observation of the
 * send; delivery reports carry it back ({@link dev.netsmtp.dsn.DeliveryReports#keyOf}).
 *
 * <p>Both wire forms are reversible. The ENVID is the key itself when it is printable ASCII
 * without spaces (xtext-encoded on the wire, so {@code +} and {@code =} travel safely), otherwise
 * {@code b64:} and the base64url of its UTF-8 bytes; it may be at most 100 characters after xtext
 * encoding (RFC 3461 section 4.4), which bounds a key at 100 plain ASCII characters or 72 bytes of
 * UTF-8. The Message-ID's local part is {@code netsmtp.} and the key when the key is a dot-atom
 * (RFC 5322), otherwise {@code netsmtp-b64.} and the base64url. Immutable.
 */
public final class IdempotencyKey implements Serializable {

    private static final long serialVersionUID = 1L;

    /** RFC 3461 section 4.4: an ENVID of at most 100 characters. */
    private static final int MAX_ENVID = 100;

    private static final String B64 = "b64:";
    private static final String ID_PLAIN = "netsmtp.";
    private static final String ID_B64 = "netsmtp-b64.";
    private static final Pattern DOT_ATOM =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private final String value;
    private transient volatile @org.jspecify.annotations.Nullable String envelopeId;

    private IdempotencyKey(String value) {
        this.value = value;
    }

    /**
     * A key of the caller's choosing.
     *
     * @param value the key: 1 to 100 printable ASCII characters, or up to 72 bytes of UTF-8
     * @return the key
     * @throws IllegalArgumentException naming the problem: empty, a control character, or too long
     *     for an ENVID
     */
    public static IdempotencyKey of(String value) {
        Objects.requireNonNull(value, "key");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an idempotency key must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(
                        String.format("the idempotency key has the control character U+%04X at index %d", (int) c, i));
            }
        }
        IdempotencyKey key = new IdempotencyKey(value);
        int length = SmtpSyntax.xtext(key.envelopeId()).length();
        if (length > MAX_ENVID) {
            throw new IllegalArgumentException("the idempotency key is too long: as a DSN envelope id (RFC 3461 "
                    + "section 4.4) it would be " + length + " characters, over " + MAX_ENVID + "; use at most 100 "
                    + "printable ASCII characters or 72 bytes of UTF-8 (a UUID or an order number fits)");
        }
        return key;
    }

    /**
     * A new random key in a version-4 UUID's form, for a send whose caller gave none. Drawn from
     * {@link java.util.concurrent.ThreadLocalRandom}, not a secure random: a key identifies, it does
     * not authorise, and every send without a key of its own makes one, so it must cost no lock.
     *
     * @return the key
     */
    public static IdempotencyKey generate() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new IdempotencyKey(new UUID(high, low).toString());
    }

    /**
     * Returns the key as given.
     *
     * @return the key
     */
    public String value() {
        return value;
    }

    /**
     * Returns the DSN envelope id (ENVID) that carries this key, before xtext encoding.
     *
     * @return the envelope id
     */
    public String envelopeId() {
        String id = envelopeId;
        if (id == null) {
            boolean plain = !value.startsWith(B64);
            for (int i = 0; plain && i < value.length(); i++) {
                char c = value.charAt(i);
                plain = c > 0x20 && c < 0x7f;
            }
            id = plain ? value : B64 + base64(value);
            envelopeId = id;
        }
        return id;
    }

    /**
     * Reads a key back from the envelope id of a delivery report (already xtext-decoded).
     *
     * @param envelopeId the {@code Original-Envelope-Id}
     * @return the key, or empty when the envelope id cannot be one
     */
    public static Optional<IdempotencyKey> fromEnvelopeId(String envelopeId) {
        String id = envelopeId.strip();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (id.startsWith(B64)) {
            return unbase64(id.substring(B64.length()));
        }
        return Optional.of(new IdempotencyKey(id));
    }

    /**
     * Returns the Message-ID (with its angle brackets) that carries this key, for a message
     * netsmtp renders: the same for every attempt, retry and failover.
     *
     * @param domain the right-hand side, usually the From address's domain
     * @return the Message-ID
     */
    public String messageId(String domain) {
        if (!DOT_ATOM.matcher(domain).matches()) {
            throw new IllegalArgumentException("the Message-ID domain \"" + SmtpSyntax.printable(domain)
                    + "\" is not a dot-atom (RFC 5322 section 3.6.4)");
        }
        String local = DOT_ATOM.matcher(value).matches() ? ID_PLAIN + value : ID_B64 + base64(value);
        return "<" + local + "@" + domain + ">";
    }

    /**
     * Reads a key back from a Message-ID that {@link #messageId} made.
     *
     * @param messageId the Message-ID, with or without angle brackets
     * @return the key, or empty when the Message-ID is not one of netsmtp's
     */
    public static Optional<IdempotencyKey> fromMessageId(String messageId) {
        String id = messageId.strip();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        int at = id.lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        String local = id.substring(0, at);
        if (local.startsWith(ID_B64)) {
            return unbase64(local.substring(ID_B64.length()));
        }
        if (local.startsWith(ID_PLAIN) && local.length() > ID_PLAIN.length()) {
            return Optional.of(new IdempotencyKey(local.substring(ID_PLAIN.length())));
        }
        return Optional.empty();
    }

    private static String base64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<IdempotencyKey> unbase64(String s) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(s);
            java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
            String value = utf8.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return value.isEmpty() ? Optional.empty() : Optional.of(new IdempotencyKey(value));
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(@org.jspecify.annotations.Nullable Object o) {
        return o instanceof IdempotencyKey k && k.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The key itself, escaped for logs. */
    @Override
    public String toString() {
        return SmtpSyntax.printable(value);
    }
}
