/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.interop;

import dev.netsmtp.SendResult;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.testing.PostfixInstance;
import dev.netsmtp.tls.TlsMode;
import dev.netsmtp.tls.TlsSettings;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the Postfix suites share, as a JUnit extension: a private Postfix for the test class
 * ({@link PostfixInstance.PerClass}), client configurations for it, the message text they send,
 * and the wait for what Postfix stored.
 * {@code @RegisterExtension static final PostfixClients POSTFIX = new PostfixClients();}
 */
final class PostfixClients implements BeforeAllCallback, AfterAllCallback {

    private final PostfixInstance.PerClass instance = new PostfixInstance.PerClass();
    private SSLContext trust;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        instance.beforeAll(context);
        trust = TlsSettings.trusting(postfix().trustStore());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        instance.afterAll(context);
    }

    /** The running instance. */
    PostfixInstance postfix() {
        return instance.get();
    }

    /** A context that trusts the instance's self-signed certificate. */
    SSLContext trust() {
        return trust;
    }

    /** Clear text by name: Postfix offers STARTTLS, and the default would take it. */
    SmtpConfig.Builder plain() {
        return defaults().tls(TlsMode.NONE);
    }

    /** Nothing about TLS said: the defaults decide. */
    SmtpConfig.Builder defaults() {
        return SmtpConfig.builder()
                .host("127.0.0.1")
                .port(postfix().smtpPort())
                .helo("client.netsmtp.test")
                .readTimeout(Duration.ofSeconds(20));
    }

    SmtpConfig.Builder starttls() {
        return plain().tls(TlsMode.STARTTLS_REQUIRED).sslContext(trust).tlsHostname("mail.test");
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    static String message(String id, String body) {
        return "From: sender@example.com\r\nTo: rcpt@example.com\r\nSubject: " + id + "\r\nMessage-ID: <" + id
                + "@netsmtp.test>\r\n\r\n" + body;
    }

    /** Waits for the message with this id and returns it as Postfix stored it. */
    String delivered(String id) throws Exception {
        return postfix().awaitMessageContaining("<" + id + "@netsmtp.test>", Duration.ofSeconds(30));
    }

    static String queueIdIn(SendResult result) {
        return result.queueId().orElseThrow(() -> new AssertionError("no queue id in " + result.reply()));
    }
}
