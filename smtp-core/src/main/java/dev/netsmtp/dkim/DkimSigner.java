/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dkim;

import dev.netsmtp.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Signs messages with DKIM (RFC 6376): one {@code DKIM-Signature} per key whose domain is the
 * message's From domain or a parent of it (all keys when none is), RSA-SHA256 or Ed25519-SHA256
 * (RFC 8463), relaxed/relaxed by default. A message is signed once, on the bytes that go to the
 * wire (line ends normalised to CRLF, as the session would; before dot-stuffing or BDAT framing),
 * and the signed bytes are what every attempt, retry and failover sends.
 *
 * <p>Signed by default: From (twice: the second names an instance that does not exist, so a From
 * added on the way breaks the signature), To, Cc, Subject, Date, Message-ID, MIME-Version,
 * Content-Type, Content-Transfer-Encoding, Reply-To, In-Reply-To, References, List-Unsubscribe,
 * List-Unsubscribe-Post, each when the message has it. {@code t=} always; {@code x=} when an
 * expiry is set; {@code l=} never by default: a body length lets anyone append to the message and
 * keep the signature valid. Immutable and thread-safe.
 *
 * <pre>{@code
 * DkimSigner signer = DkimSigner.builder()
 *         .key(DkimKey.fromPem("example.com", "mail2026", Path.of("/etc/app/dkim.pem")))
 *         .build();
 * byte[] signed = signer.sign(message);
 * }</pre>
 */
public final class DkimSigner {

    /** The headers signed by default, in h= order (From is added twice). */
    public static final List<String> DEFAULT_HEADERS = List.of(
            "From",
            "To",
            "Cc",
            "Subject",
            "Date",
            "Message-ID",
            "MIME-Version",
            "Content-Type",
            "Content-Transfer-Encoding",
            "Reply-To",
            "In-Reply-To",
            "References",
            "List-Unsubscribe",
            "List-Unsubscribe-Post");

    /** The largest header block read before the body (headers are held in memory, the body is not). */
    static final int MAX_HEADER = 1024 * 1024;

    private final List<DkimKey> keys;
    private final List<String> headers;
    private final Canonicalization headerCanonicalization;
    private final Canonicalization bodyCanonicalization;
    private final @Nullable Duration expiry;
    private final boolean bodyLength;
    private final Clock clock;

    private DkimSigner(Builder b) {
        if (b.keys.isEmpty()) {
            throw new IllegalArgumentException("a DKIM signer needs at least one key");
        }
        this.keys = List.copyOf(b.keys);
        List<String> names = new ArrayList<>();
        for (String h : b.headers) {
            names.add(h.strip().toLowerCase(Locale.ROOT));
        }
        if (!names.contains("from")) {
            throw new IllegalArgumentException("the DKIM header list must include From (RFC 6376 section 5.4)");
        }
        this.headers = List.copyOf(names);
        this.headerCanonicalization = b.headerCanonicalization;
        this.bodyCanonicalization = b.bodyCanonicalization;
        this.expiry = b.expiry;
        this.bodyLength = b.bodyLength;
        this.clock = b.clock;
    }

    /**
     * Starts a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the keys.
     *
     * @return the keys
     */
    public List<DkimKey> keys() {
        return keys;
    }

    /**
     * Signs a message held in memory.
     *
     * @param message the message
     * @return the signed message: the signatures, then the message with CRLF line ends
     * @throws IllegalArgumentException when the message has no From header or a header line that is
     *     not a field
     */
    public byte[] sign(byte[] message) {
        ByteArrayOutputStream normalised = new ByteArrayOutputStream(message.length + message.length / 32 + 16);
        try (LineEnds out = new LineEnds(normalised)) {
            out.write(message, 0, message.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] norm = normalised.toByteArray();
        int split = headerEnd(norm, norm.length);
        int headerLength = split < 0 ? norm.length : split + 2;
        BodyHash body = new BodyHash(bodyCanonicalization);
        if (split >= 0) {
            body.write(norm, split + 4, norm.length - split - 4);
        }
        byte[] signatures = signatures(HeaderBlock.parse(norm, headerLength), body);
        byte[] out = new byte[signatures.length + norm.length];
        System.arraycopy(signatures, 0, out, 0, signatures.length);
        System.arraycopy(norm, 0, out, signatures.length, norm.length);
        return out;
    }

    /**
     * Signs a streamed message in one pass: the headers are held (at most 1 MiB), the body is
     * hashed as it goes and kept in a file in {@code spoolDirectory}, never in memory. The result
     * sends the same signed bytes as often as asked, and deletes its file when closed.
     *
     * @param message the message; read to its end, not closed
     * @param spoolDirectory where the body is kept
     * @return the signed message
     * @throws IOException when the stream or the file fails
     */
    public SignedMessage sign(InputStream message, Path spoolDirectory) throws IOException {
        return sign(out -> message.transferTo(out), spoolDirectory);
    }

    /**
     * Signs what a writer writes, in one pass, as {@link #sign(InputStream, Path)} does.
     *
     * @param writer writes the message
     * @param spoolDirectory where the body is kept
     * @return the signed message
     * @throws IOException when the writer or the file fails
     */
    public SignedMessage sign(MessageWriter writer, Path spoolDirectory) throws IOException {
        Path file = Files.createTempFile(spoolDirectory, "netsmtp-dkim-", ".eml");
        try {
            Spool spool = new Spool(file, new BodyHash(bodyCanonicalization));
            try (LineEnds out = new LineEnds(spool)) {
                writer.writeTo(out);
            }
            spool.finish();
            byte[] signatures = signatures(HeaderBlock.parse(spool.header, spool.headerLength), spool.body);
            byte[] prefix = new byte[signatures.length + spool.headerLength + (spool.split ? 2 : 0)];
            System.arraycopy(signatures, 0, prefix, 0, signatures.length);
            System.arraycopy(spool.header, 0, prefix, signatures.length, spool.headerLength);
            if (spool.split) {
                prefix[prefix.length - 2] = '\r';
                prefix[prefix.length - 1] = '\n';
            }
            return new SignedMessage(prefix, file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static int headerEnd(byte[] b, int length) {
        if (length >= 2 && b[0] == '\r' && b[1] == '\n') {
            return -1;
        }
        for (int i = 0; i + 3 < length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The DKIM-Signature fields for these headers and body, each with its CRLF. */
    private byte[] signatures(HeaderBlock header, BodyHash body) {
        String fromDomain = header.fromDomain()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the message has no From header with an address; DKIM must sign From (RFC 6376 section "
                                + "5.4), so it is not sent"));
        byte[] bodyHash = body.finish();
        long bodyLengthValue = body.length();
        List<DkimKey> signing = new ArrayList<>();
        for (DkimKey k : keys) {
            if (fromDomain.equals(k.domain()) || fromDomain.endsWith("." + k.domain())) {
                signing.add(k);
            }
        }
        if (signing.isEmpty()) {
            signing = keys;
        }
        List<String> names = new ArrayList<>();
        for (String h : headers) {
            if (h.equals("from") || header.has(h)) {
                names.add(h);
            }
        }
        names.add("from");
        List<HeaderBlock.Field> chosen = header.chosen(names);
        StringBuilder out = new StringBuilder(1024);
        long now = clock.instant().getEpochSecond();
        for (DkimKey key : signing) {
            String unsigned = "DKIM-Signature: v=1; a=" + key.algorithm().tag() + "; c=" + headerCanonicalization.tag()
                    + "/" + bodyCanonicalization.tag() + "; d=" + key.domain() + "; s=" + key.selector()
                    + ";\r\n\tt=" + now + (expiry == null ? "" : "; x=" + (now + expiry.toSeconds()))
                    + (bodyLength ? "; l=" + bodyLengthValue : "") + "; h=" + String.join(":", names)
                    + ";\r\n\tbh=" + Base64.getEncoder().encodeToString(bodyHash) + ";\r\n\tb=";
            StringBuilder data = new StringBuilder(2048);
            for (HeaderBlock.Field f : chosen) {
                data.append(HeaderBlock.canonical(f, headerCanonicalization));
            }
            // The signature's own field, b= empty, without its CRLF (RFC 6376 section 3.7).
            String own = headerCanonicalization == Canonicalization.SIMPLE
                    ? unsigned
                    : HeaderBlock.relaxed("dkim-signature", unsigned.substring(unsigned.indexOf(':') + 1));
            data.append(own);
            byte[] signature = sign(key, data.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.append(unsigned)
                    .append(fold(Base64.getEncoder().encodeToString(signature)))
                    .append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] sign(DkimKey key, byte[] data) {
        try {
            if (key.algorithm() == DkimAlgorithm.RSA_SHA256) {
                Signature rsa = Signature.getInstance("SHA256withRSA");
                rsa.initSign(key.privateKey());
                rsa.update(data);
                return rsa.sign();
            }
            // RFC 8463 section 3: Ed25519 over the SHA-256 hash of the data.
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(key.privateKey());
            ed.update(MessageDigest.getInstance("SHA-256").digest(data));
            return ed.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "DKIM signing with " + key + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The b= value in lines of 72, continued with CRLF TAB (white space a verifier removes). */
    private static String fold(String b64) {
        StringBuilder sb = new StringBuilder(b64.length() + b64.length() / 36);
        for (int i = 0; i < b64.length(); i += 72) {
            if (i > 0) {
                sb.append("\r\n\t ");
            }
            sb.append(b64, i, Math.min(b64.length(), i + 72));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "DkimSigner" + keys + " c=" + headerCanonicalization.tag() + "/" + bodyCanonicalization.tag();
    }

    /** Builds a {@link DkimSigner}. */
    public static final class Builder {
        private final List<DkimKey> keys = new ArrayList<>();
        private List<String> headers = DEFAULT_HEADERS;
        private Canonicalization headerCanonicalization = Canonicalization.RELAXED;
        private Canonicalization bodyCanonicalization = Canonicalization.RELAXED;
        private @Nullable Duration expiry;
        private boolean bodyLength;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Adds a key: each key whose domain the From domain is in signs (several: e.g. RSA and
         * Ed25519 together, or two domains).
         *
         * @param key the key
         * @return this builder
         */
        public Builder key(DkimKey key) {
            keys.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * Sets the headers to sign (h=), From among them; each is signed when the message has it.
         *
         * @param names the header names
         * @return this builder
         */
        public Builder headers(List<String> names) {
            this.headers = List.copyOf(names);
            return this;
        }

        /**
         * Sets the canonicalizations (c=), relaxed/relaxed by default.
         *
         * @param header of the headers
         * @param body of the body
         * @return this builder
         */
        public Builder canonicalization(Canonicalization header, Canonicalization body) {
            this.headerCanonicalization = Objects.requireNonNull(header, "header");
            this.bodyCanonicalization = Objects.requireNonNull(body, "body");
            return this;
        }

        /**
         * Sets how long a signature is valid (x=); none by default.
         *
         * @param expiry the validity, positive
         * @return this builder
         */
        public Builder expiry(Duration expiry) {
            if (expiry.isNegative() || expiry.isZero()) {
                throw new IllegalArgumentException("the DKIM expiry must be positive, was " + expiry);
            }
            this.expiry = expiry;
            return this;
        }

        /**
         * Signs only the body's length (l=) so that content appended later keeps the signature
         * valid; off by default, because anyone may then append anything.
         *
         * @param on whether to add l=
         * @return this builder
         */
        public Builder bodyLength(boolean on) {
            this.bodyLength = on;
            return this;
        }

        /**
         * Sets the clock of t= and x= (for tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the signer.
         *
         * @return the signer
         * @throws IllegalArgumentException when there is no key or From is not in the headers
         */
        public DkimSigner build() {
            return new DkimSigner(this);
        }
    }
}
