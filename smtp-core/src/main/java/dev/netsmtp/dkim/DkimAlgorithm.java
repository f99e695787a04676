/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dkim;

import java.util.Locale;
import java.util.Optional;

/** A DKIM signing algorithm: the {@code a=} tag. */
public enum DkimAlgorithm {
    /** RSA with SHA-256 (RFC 6376); keys of 1024 to 4096 bits. */
    RSA_SHA256("rsa-sha256", "rsa"),
    /** Ed25519 over the SHA-256 hash (RFC 8463). */
    ED25519_SHA256("ed25519-sha256", "ed25519");

    private final String tag;
    private final String keyType;

    DkimAlgorithm(String tag, String keyType) {
        this.tag = tag;
        this.keyType = keyType;
    }

    /**
     * Returns the {@code a=} value.
     *
     * @return e.g. {@code rsa-sha256}
     */
    public String tag() {
        return tag;
    }

    /**
     * Returns the key type of the DNS record ({@code k=}).
     *
     * @return {@code rsa} or {@code ed25519}
     */
    public String keyType() {
        return keyType;
    }

    /**
     * Reads an {@code a=} value, case-insensitively.
     *
     * @param tag the value
     * @return the algorithm, or empty
     */
    public static Optional<DkimAlgorithm> of(String tag) {
        String t = tag.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DkimAlgorithm a : values()) {
            if (a.tag.equals(t)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
