/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The context behind {@code tlsVerifyCertificate(false)}: it accepts any server certificate.
 * Encryption without authentication: anyone on the path can pose as the server. Only ever used
 * when asked for by name, and announced on every connection.
 */
final class TrustAnything implements X509TrustManager {

    private static final SSLContext CONTEXT = make();

    private TrustAnything() {}

    private static final java.util.Map<java.util.List<javax.net.ssl.KeyManager>, SSLContext> WITH_KEYS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    static SSLContext context() {
        return CONTEXT;
    }

    /** The same, presenting the client certificate of these key managers (mutual TLS); one context per list. */
    static SSLContext context(java.util.List<javax.net.ssl.KeyManager> keyManagers) {
        if (keyManagers.isEmpty()) {
            return CONTEXT;
        }
        return WITH_KEYS.computeIfAbsent(keyManagers, k -> make(k.toArray(javax.net.ssl.KeyManager[]::new)));
    }

    private static SSLContext make() {
        return make(null);
    }

    private static SSLContext make(javax.net.ssl.KeyManager @org.jspecify.annotations.Nullable [] keyManagers) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, new TrustManager[] {new TrustAnything()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context", e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // a client's trust manager never judges clients
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // accepted without checks: asked for with tlsVerifyCertificate(false)
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
