/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS channel-binding data for a SASL mechanism's {@code -PLUS} form: what ties the login to the
 * TLS connection it runs in, so a man in the middle that terminates TLS cannot relay it. netsmtp
 * uses {@code tls-server-end-point} (RFC 5929 section 4), the one defined for TLS 1.3 too: a hash
 * of the server's certificate.
 *
 * @param type the channel-binding type name, e.g. {@code tls-server-end-point}
 * @param data the binding data
 */
public record ChannelBinding(String type, byte[] data) {

    /** The type netsmtp computes. */
    public static final String TLS_SERVER_END_POINT = "tls-server-end-point";

    /**
     * Checks the values.
     *
     * @param type the type
     * @param data the data, copied
     */
    public ChannelBinding {
        Objects.requireNonNull(type, "type");
        data = data.clone();
    }

    /**
     * Returns the data.
     *
     * @return a copy
     */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * Computes {@code tls-server-end-point} for a server certificate: its hash with the hash of
     * its signature algorithm, SHA-256 when that is MD5 or SHA-1 (RFC 5929 section 4.1).
     *
     * @param serverCertificate the first certificate the server presented
     * @return the binding, or empty when the certificate is not X.509 or its hash is not known
     */
    public static Optional<ChannelBinding> tlsServerEndPoint(Certificate serverCertificate) {
        if (!(serverCertificate instanceof X509Certificate x509)) {
            return Optional.empty();
        }
        String sig = x509.getSigAlgName().toUpperCase(Locale.ROOT);
        String hash;
        if (sig.startsWith("SHA384")) {
            hash = "SHA-384";
        } else if (sig.startsWith("SHA512")) {
            hash = "SHA-512";
        } else if (sig.startsWith("SHA256") || sig.startsWith("SHA1") || sig.startsWith("MD5")) {
            hash = "SHA-256";
        } else {
            // RSASSA-PSS and others name their hash in parameters: not guessed.
            return Optional.empty();
        }
        try {
            return Optional.of(new ChannelBinding(
                    TLS_SERVER_END_POINT, MessageDigest.getInstance(hash).digest(x509.getEncoded())));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelBinding other
                && type.equals(other.type)
                && java.util.Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ChannelBinding[" + type + ", " + data.length + " bytes]";
    }
}
