/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The TLS context of a Spring SSL bundle that follows the bundle's reloads
 * ({@code spring.ssl.bundle.*.reload-on-update}): every new connection gets the context of the
 * bundle as it is now; connections already open keep theirs. The core takes an
 * {@link SSLContext}, so this is one that asks the bundle's latest for each socket.
 */
final class ReloadingSslContext extends SSLContext {

    private ReloadingSslContext(Latest latest, SSLContext first) {
        super(latest, first.getProvider(), first.getProtocol());
    }

    /** The context of {@code bundle}, named {@code name} among {@code bundles}, now and after each reload. */
    static SSLContext of(SslBundles bundles, String name, SslBundle bundle) {
        SSLContext first = bundle.createSslContext();
        Latest latest = new Latest(first);
        bundles.addBundleUpdateHandler(name, updated -> latest.current = updated.createSslContext());
        return new ReloadingSslContext(latest, first);
    }

    private static final class Latest extends SSLContextSpi {
        private volatile SSLContext current;

        Latest(SSLContext first) {
            this.current = first;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("an SSL bundle's context is initialised by the bundle");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return current.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return current.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return current.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return current.createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return current.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return current.getClientSessionContext();
        }
    }
}
