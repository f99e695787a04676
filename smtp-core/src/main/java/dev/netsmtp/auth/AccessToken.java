/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth2 access token and, when the issuer said, when it expires. The value is a secret:
 * {@link #toString()} never shows it. Immutable.
 */
public final class AccessToken {

    private final String value;
    private final @Nullable Instant expiresAt;

    private AccessToken(String value, @Nullable Instant expiresAt) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an access token must not be empty");
        }
        // NUL and ^A split an XOAUTH2 or OAUTHBEARER payload (RFC 7628 section 3.1); CR and LF are
        // no part of a bearer token (RFC 6750 section 2.1). The value is never echoed.
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(String.format(
                        "the access token has the control character U+%04X at index %d, which would split the "
                                + "XOAUTH2 or OAUTHBEARER payload (RFC 7628); check where it comes from",
                        (int) c, i));
            }
        }
        this.value = value;
        this.expiresAt = expiresAt;
    }

    /**
     * A token that expires at a known time.
     *
     * @param value the token
     * @param expiresAt when it stops being valid
     * @return the token
     */
    public static AccessToken of(String value, Instant expiresAt) {
        return new AccessToken(value, Objects.requireNonNull(expiresAt, "expiresAt"));
    }

    /**
     * A token whose expiry is not known: it is used until a server refuses it.
     *
     * @param value the token
     * @return the token
     */
    public static AccessToken withoutExpiry(String value) {
        return new AccessToken(value, null);
    }

    /**
     * Returns the token itself, to put in a SASL payload.
     *
     * @return the secret value
     */
    public String value() {
        return value;
    }

    /**
     * Returns when the token expires.
     *
     * @return the expiry, or empty when unknown
     */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /**
     * Tells whether this is the same token as another (the same value).
     *
     * @param other the other token
     * @return true when the values are equal
     */
    public boolean sameValue(AccessToken other) {
        return java.security.MessageDigest.isEqual(
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                other.value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessToken t && sameValue(t) && Objects.equals(expiresAt, t.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[value=***, expiresAt=" + (expiresAt == null ? "unknown" : expiresAt) + "]";
    }
}
