/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A DKIM private key with where its public key is published: the signing domain ({@code d=}) and
 * selector ({@code s=}), so the record is {@code <selector>._domainkey.<domain>}. RSA keys of 1024
 * to 4096 bits, or Ed25519. The key is never shown by {@link #toString()} or in an error. Immutable.
 */
public final class DkimKey {

    private static final Pattern LABELS =
            Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final String domain;
    private final String selector;
    private final PrivateKey key;
    private final DkimAlgorithm algorithm;

    private DkimKey(String domain, String selector, PrivateKey key) {
        this.domain = name("domain", domain).toLowerCase(Locale.ROOT);
        this.selector = name("selector", selector);
        this.key = Objects.requireNonNull(key, "key");
        if (key instanceof RSAPrivateKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < 1024) {
                throw new IllegalArgumentException("the DKIM key for " + this.selector + "._domainkey." + this.domain
                        + " is RSA of " + bits + " bits; RFC 8301 forbids signing with fewer than 1024 (use 2048)");
            }
            if (bits > 4096) {
                throw new IllegalArgumentException("the DKIM key for " + this.selector + "._domainkey." + this.domain
                        + " is RSA of " + bits + " bits; use at most 4096, which verifiers are known to take");
            }
            this.algorithm = DkimAlgorithm.RSA_SHA256;
        } else if (key instanceof EdECPrivateKey
                || "Ed25519".equalsIgnoreCase(key.getAlgorithm())
                || "EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
            this.algorithm = DkimAlgorithm.ED25519_SHA256;
        } else {
            throw new IllegalArgumentException("the DKIM key for " + this.selector + "._domainkey." + this.domain
                    + " is " + key.getAlgorithm() + "; DKIM signs with RSA (RFC 6376) or Ed25519 (RFC 8463)");
        }
    }

    private static String name(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!LABELS.matcher(value).matches()) {
            throw new IllegalArgumentException("the DKIM " + what + " \"" + dev.netsmtp.SmtpSyntax.printable(value)
                    + "\" is not a DNS name (letters, digits and hyphens, in dot-separated labels)");
        }
        return value;
    }

    /**
     * A key already loaded.
     *
     * @param domain the signing domain
     * @param selector the selector
     * @param key an RSA (1024 to 4096 bits) or Ed25519 private key
     * @return the key
     */
    public static DkimKey of(String domain, String selector, PrivateKey key) {
        return new DkimKey(domain, selector, key);
    }

    /**
     * A key from PEM text: PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), as
     * {@code openssl genpkey} writes it.
     *
     * @param domain the signing domain
     * @param selector the selector
     * @param pem the PEM text
     * @return the key
     * @throws IllegalArgumentException when the text is not a PKCS#8 RSA or Ed25519 key (naming
     *     the form it is, never its content)
     */
    public static DkimKey fromPem(String domain, String selector, String pem) {
        String where = selector + "._domainkey." + domain;
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("the DKIM key for " + where + " is PKCS#1 (BEGIN RSA PRIVATE KEY); "
                    + "convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem");
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("the DKIM key for " + where + " is encrypted; give it unencrypted "
                    + "(PKCS#8, BEGIN PRIVATE KEY) from a protected location");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(
                    "the DKIM key for " + where + " is not PEM PKCS#8 (no BEGIN PRIVATE " + "KEY block)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder()
                    .decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end)
                            .getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the DKIM key for " + where + " has a PEM block that is not base64");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "Ed25519"}) {
            try {
                return new DkimKey(
                        domain, selector, KeyFactory.getInstance(algorithm).generatePrivate(spec));
            } catch (GeneralSecurityException e) {
                // the next algorithm
            }
        }
        throw new IllegalArgumentException(
                "the DKIM key for " + where + " is neither an RSA nor an Ed25519 PKCS#8 key");
    }

    /**
     * A key from a PEM file.
     *
     * @param domain the signing domain
     * @param selector the selector
     * @param file the file
     * @return the key
     * @throws IllegalArgumentException when the file cannot be read or holds no usable key
     */
    public static DkimKey fromPem(String domain, String selector, Path file) {
        try {
            return fromPem(domain, selector, Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the DKIM key file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns this key, checked to be of the algorithm a configuration names.
     *
     * @param expected the algorithm the selector's record is for
     * @return this key
     * @throws IllegalArgumentException when the key is of another algorithm
     */
    public DkimKey expecting(DkimAlgorithm expected) {
        if (expected != algorithm) {
            throw new IllegalArgumentException("the DKIM key for " + selector + "._domainkey." + domain + " is "
                    + algorithm.tag() + " but " + expected.tag() + " is configured for it; the selector's DNS "
                    + "record and the key must be of one algorithm");
        }
        return this;
    }

    /**
     * Returns the signing domain.
     *
     * @return the {@code d=} value, lower case
     */
    public String domain() {
        return domain;
    }

    /**
     * Returns the selector.
     *
     * @return the {@code s=} value
     */
    public String selector() {
        return selector;
    }

    /**
     * Returns the algorithm the key signs with.
     *
     * @return the algorithm
     */
    public DkimAlgorithm algorithm() {
        return algorithm;
    }

    PrivateKey privateKey() {
        return key;
    }

    @Override
    public String toString() {
        return "DkimKey[" + algorithm.tag() + ", " + selector + "._domainkey." + domain + ", key=***]";
    }
}
