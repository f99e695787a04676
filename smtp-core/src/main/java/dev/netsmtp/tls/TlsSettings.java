/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * How TLS is set up: the mode, the {@link SSLContext} (the JDK's default trust store unless one
 * is given), the name to verify and send in SNI, and the two checks of the server's certificate.
 *
 * <p>Both checks are on by default: <em>certificate verification</em> (the chain leads to a
 * trusted authority, the dates are valid) and <em>host name verification</em> (RFC 6125, through
 * the JDK's {@code HTTPS} endpoint identification: the certificate names the server). Turning
 * either off must be asked for ({@code tlsVerifyCertificate(false)}, {@code
 * tlsVerifyHostname(false)}, or both with {@code tlsVerify(false)}, as Net::SMTP's
 * {@code tls_verify: false}) and is logged as a warning and noted in the transcript on every
 * connection. TLS 1.2 is the floor (RFC 8996, RFC 8314 4.1): TLS 1.0 and 1.1 are never offered,
 * whatever the context allows. Immutable and thread-safe.
 *
 * @param mode the TLS mode
 * @param sslContext the TLS context, or null for {@link SSLContext#getDefault()}
 * @param hostname the name to verify and send in SNI, or null for the configured host
 * @param verifyHostname whether the certificate must name the server
 * @param verifyCertificate whether the certificate must be signed by a trusted authority and valid;
 *     when false any certificate is accepted (and {@code sslContext} is not used: the JDK cannot
 *     hand back its key managers, so a client certificate for mutual TLS then comes from
 *     {@code keyManagers})
 * @param keyManagers the client certificate for mutual TLS, used when no {@code sslContext} is given
 *     or when certificate verification is off; empty for none
 * @param protocols the protocols offered, of TLS 1.2 and later; empty for TLS 1.3 and 1.2
 * @param cipherSuites the cipher suites offered, those the JDK supports; empty for the JDK's defaults
 */
public record TlsSettings(
        TlsMode mode,
        @Nullable SSLContext sslContext,
        @Nullable String hostname,
        boolean verifyHostname,
        boolean verifyCertificate,
        List<javax.net.ssl.KeyManager> keyManagers,
        List<String> protocols,
        List<String> cipherSuites) {

    /**
     * Copies the lists and refuses a protocol older than TLS 1.2.
     *
     * @param mode the TLS mode
     * @param sslContext the TLS context, or null for the JDK's default
     * @param hostname the name to verify and send in SNI, or null for the configured host
     * @param verifyHostname whether the certificate must name the server
     * @param verifyCertificate whether the certificate must be trusted and valid
     * @param keyManagers the client certificate for mutual TLS; empty for none
     * @param protocols the protocols offered; empty for TLS 1.3 and 1.2
     * @param cipherSuites the cipher suites offered; empty for the JDK's defaults
     * @throws IllegalArgumentException when a protocol is older than TLS 1.2 (RFC 8996)
     */
    public TlsSettings {
        keyManagers = List.copyOf(keyManagers);
        protocols = atLeastTls12(protocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /**
     * Checks protocols given to offer: none older than TLS 1.2.
     *
     * @param protocols e.g. {@code TLSv1.3}
     * @return an unmodifiable copy
     * @throws IllegalArgumentException for a protocol older than TLS 1.2 (RFC 8996)
     */
    public static List<String> atLeastTls12(List<String> protocols) {
        for (String p : protocols) {
            if (!p.startsWith("TLSv1.") || p.equals("TLSv1.0") || p.equals("TLSv1.1")) {
                throw new IllegalArgumentException("TLS protocol " + p + " is not offered: TLS 1.2 is the floor "
                        + "(RFC 8996, RFC 8314 4.1); use TLSv1.3 and TLSv1.2");
            }
        }
        return List.copyOf(protocols);
    }

    /**
     * Settings with the default protocols and cipher suites.
     *
     * @param mode the TLS mode
     * @param sslContext the TLS context, or null for the JDK's default
     * @param hostname the name to verify and send in SNI, or null for the configured host
     * @param verifyHostname whether the certificate must name the server
     * @param verifyCertificate whether the certificate must be trusted and valid
     * @param keyManagers the client certificate for mutual TLS; empty for none
     */
    public TlsSettings(
            TlsMode mode,
            @Nullable SSLContext sslContext,
            @Nullable String hostname,
            boolean verifyHostname,
            boolean verifyCertificate,
            List<javax.net.ssl.KeyManager> keyManagers) {
        this(mode, sslContext, hostname, verifyHostname, verifyCertificate, keyManagers, List.of(), List.of());
    }

    /**
     * Settings without a client certificate.
     *
     * @param mode the TLS mode
     * @param sslContext the TLS context, or null for the JDK's default
     * @param hostname the name to verify and send in SNI, or null for the configured host
     * @param verifyHostname whether the certificate must name the server
     * @param verifyCertificate whether the certificate must be trusted and valid
     */
    public TlsSettings(
            TlsMode mode,
            @Nullable SSLContext sslContext,
            @Nullable String hostname,
            boolean verifyHostname,
            boolean verifyCertificate) {
        this(mode, sslContext, hostname, verifyHostname, verifyCertificate, List.of());
    }

    /** No TLS. */
    public static final TlsSettings NONE = new TlsSettings(TlsMode.NONE, null, null, true, true);

    /** The protocols offered, newest first: never below TLS 1.2. */
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * Settings with certificate verification on.
     *
     * @param mode the TLS mode
     * @param sslContext the TLS context, or null for the JDK's default
     * @param hostname the name to verify and send in SNI, or null for the configured host
     * @param verifyHostname whether the certificate must name the server
     */
    public TlsSettings(
            TlsMode mode, @Nullable SSLContext sslContext, @Nullable String hostname, boolean verifyHostname) {
        this(mode, sslContext, hostname, verifyHostname, true);
    }

    /**
     * Returns the context to use.
     *
     * @return the given context or the JDK's default
     * @throws IllegalStateException when the JDK has no default context
     */
    public SSLContext context() {
        if (!verifyCertificate) {
            return TrustAnything.context(keyManagers);
        }
        if (sslContext != null) {
            return sslContext;
        }
        if (!keyManagers.isEmpty()) {
            return TrustedWithKeys.context(keyManagers);
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default SSLContext", e);
        }
    }

    /** The JDK's default trust with a client certificate, one context per list of key managers. */
    private static final class TrustedWithKeys {
        private static final java.util.Map<List<javax.net.ssl.KeyManager>, SSLContext> CONTEXTS =
                java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

        static SSLContext context(List<javax.net.ssl.KeyManager> keyManagers) {
            return CONTEXTS.computeIfAbsent(keyManagers, k -> {
                try {
                    SSLContext ctx = SSLContext.getInstance("TLS");
                    ctx.init(k.toArray(javax.net.ssl.KeyManager[]::new), null, null);
                    return ctx;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("the JDK cannot make a TLS context", e);
                }
            });
        }
    }

    /**
     * Returns the socket factory of the context.
     *
     * @return the factory
     */
    public SSLSocketFactory socketFactory() {
        return context().getSocketFactory();
    }

    /**
     * Returns the name to verify for a host: {@link #hostname()} when set, else the host.
     *
     * @param host the configured host
     * @return the peer name
     */
    public String peerName(String host) {
        return hostname != null ? hostname : host;
    }

    /**
     * Sets SNI (for a host name, not an address) and host name verification on a socket before its
     * handshake.
     *
     * @param socket the TLS socket
     * @param peerName the name from {@link #peerName(String)}
     */
    public void configure(SSLSocket socket, String peerName) {
        SSLParameters params = socket.getSSLParameters();
        List<String> supported = List.of(socket.getSupportedProtocols());
        String[] offered = (protocols.isEmpty() ? PROTOCOLS : protocols)
                .stream().filter(supported::contains).toArray(String[]::new);
        params.setProtocols(offered);
        if (!cipherSuites.isEmpty()) {
            List<String> suites = List.of(socket.getSupportedCipherSuites());
            params.setCipherSuites(
                    cipherSuites.stream().filter(suites::contains).toArray(String[]::new));
        }
        if (verifyHostname) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        sniName(peerName).ifPresent(sni -> params.setServerNames(List.of(sni)));
        socket.setSSLParameters(params);
    }

    private static Optional<SNIHostName> sniName(String host) {
        if (host.indexOf(':') >= 0 || host.matches("[0-9.]+") || host.startsWith("[")) {
            return Optional.empty(); // RFC 6066 section 3: literal addresses are not sent
        }
        try {
            return Optional.of(new SNIHostName(dev.netsmtp.SmtpSyntax.asciiDomain(host)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Builds a context that trusts the certificates in a trust store, for a server whose
     * certificate is not signed by a public authority (a private CA or a self-signed certificate).
     *
     * @param trustStore the trusted certificates
     * @return a TLS context
     * @throws IllegalArgumentException when the store cannot be used
     */
    public static SSLContext trusting(KeyStore trustStore) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build a TLS context from the trust store: " + e, e);
        }
    }

    /**
     * Returns the settings, without key material.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        return "TlsSettings[mode=" + mode + ", sslContext=" + (sslContext == null ? "default" : "custom")
                + ", hostname=" + hostname + ", verifyHostname=" + verifyHostname + ", verifyCertificate="
                + verifyCertificate + (keyManagers.isEmpty() ? "" : ", clientCertificate")
                + (protocols.isEmpty() ? "" : ", protocols=" + protocols)
                + (cipherSuites.isEmpty() ? "" : ", cipherSuites=" + cipherSuites) + "]";
    }
}
