/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed certificate made in the test, with the subject alternative names it is given. */
public final class TestCertificates {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final KeyStore keyStore;
    private final X509Certificate certificate;

    private TestCertificates(KeyStore keyStore, X509Certificate certificate) {
        this.keyStore = keyStore;
        this.certificate = certificate;
    }

    /**
     * Makes a certificate for the names; a name of digits and dots is an IP address entry.
     *
     * @param names the DNS names and IP addresses the certificate is for
     * @return the key and certificate
     * @throws GeneralSecurityException when key generation fails
     */
    public static TestCertificates selfSigned(String... names) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        X500Name subject = new X500Name("CN=" + names[0]);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                subject,
                pair.getPublic());
        List<GeneralName> sans = new ArrayList<>();
        for (String n : names) {
            sans.add(new GeneralName(n.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        builder.addExtension(
                Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", pair.getPrivate(), PASSWORD, new X509Certificate[] {cert});
        return new TestCertificates(ks, cert);
    }

    /**
     * Returns a server-side context presenting the certificate.
     *
     * @return the context
     * @throws GeneralSecurityException when the key store is unusable
     */
    public SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /**
     * Returns key managers presenting the certificate: a client certificate for mutual TLS.
     *
     * @return the key managers
     * @throws GeneralSecurityException when the key store is unusable
     */
    public javax.net.ssl.KeyManager[] keyManagers() throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD);
        return kmf.getKeyManagers();
    }

    /**
     * Returns a server-side context presenting the certificate and trusting the given client
     * certificates, for a server that asks for one.
     *
     * @param clients the trusted client certificates
     * @return the context
     * @throws GeneralSecurityException when a store is unusable
     */
    public SSLContext serverContextTrusting(KeyStore clients) throws GeneralSecurityException {
        javax.net.ssl.TrustManagerFactory tmf =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(clients);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /**
     * Returns a trust store holding only the certificate.
     *
     * @return the trust store
     * @throws GeneralSecurityException when the store cannot be made
     * @throws IOException never in practice
     */
    public KeyStore trustStore() throws GeneralSecurityException, IOException {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("server", certificate);
        return ts;
    }

    /**
     * Writes the key store as a PKCS#12 file with the password {@code changeit}.
     *
     * @param file where to write
     * @return the file
     * @throws Exception when writing fails
     */
    public Path writeKeyStore(Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore.store(out, PASSWORD);
        }
        return file;
    }
}
