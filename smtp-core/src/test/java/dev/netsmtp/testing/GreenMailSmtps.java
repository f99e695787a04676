/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.netsmtp.tls.TlsSettings;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * GreenMail's SMTPS (implicit TLS) on 127.0.0.1 with a certificate made for the run: GreenMail
 * reads its key store from system properties when it starts, so they are set before and cleared
 * after, and the key and trust store files are deleted on close.
 */
public final class GreenMailSmtps implements AutoCloseable {

    private static final String PASSWORD = "changeit";

    private final GreenMail greenMail;
    private final SSLContext trust;
    private final Path keyStore;
    private final Path trustStore;

    private GreenMailSmtps(GreenMail greenMail, SSLContext trust, Path keyStore, Path trustStore) {
        this.greenMail = greenMail;
        this.trust = trust;
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    /**
     * Starts it, with one user.
     *
     * @param email the user's address
     * @param login the user's login
     * @param password the user's password
     * @return the running server
     * @throws Exception when the certificate or the server cannot be made
     */
    public static GreenMailSmtps start(String email, String login, String password) throws Exception {
        TestCertificates cert = TestCertificates.selfSigned("localhost", "127.0.0.1");
        Path keyStore = cert.writeKeyStore(Files.createTempFile("netsmtp-greenmail-key", ".p12"));
        Path trustStore = Files.createTempFile("netsmtp-greenmail-trust", ".p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            cert.trustStore().store(out, PASSWORD.toCharArray());
        }
        System.setProperty("greenmail.tls.keystore.file", keyStore.toString());
        System.setProperty("greenmail.tls.keystore.password", PASSWORD);
        System.setProperty("greenmail.tls.key.password", PASSWORD);
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        greenMail.start();
        greenMail.setUser(email, login, password);
        return new GreenMailSmtps(greenMail, TlsSettings.trusting(cert.trustStore()), keyStore, trustStore);
    }

    /** The running GreenMail. */
    public GreenMail greenMail() {
        return greenMail;
    }

    /** The SMTPS port. */
    public int port() {
        return greenMail.getSmtps().getPort();
    }

    /** A client context that trusts the certificate. */
    public SSLContext trust() {
        return trust;
    }

    /** The certificate as a PKCS#12 trust store file, password {@code changeit}, for an SSL bundle. */
    public Path trustStoreFile() {
        return trustStore;
    }

    @Override
    public void close() throws java.io.IOException {
        greenMail.stop();
        System.clearProperty("greenmail.tls.keystore.file");
        System.clearProperty("greenmail.tls.keystore.password");
        System.clearProperty("greenmail.tls.key.password");
        Files.deleteIfExists(keyStore);
        Files.deleteIfExists(trustStore);
    }
}
