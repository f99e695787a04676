/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.testing.TestCertificates;
import dev.netsmtp.tls.TlsMode;
import dev.netsmtp.tls.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STARTTLS and implicit TLS against a scripted peer with a certificate made in the test. */
class TlsTests {

    static TestCertificates mailTest;
    static SSLContext serverContext;
    static SSLContext clientTrust;

    @BeforeAll
    static void certificates() throws Exception {
        if (mailTest != null) {
            return;
        }
        mailTest = TestCertificates.selfSigned("mail.test", "127.0.0.1");
        serverContext = mailTest.serverContext();
        clientTrust = TlsSettings.trusting(mailTest.trustStore());
    }

    static SmtpConfig.Builder config(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .sslContext(clientTrust)
                .readTimeout(Duration.ofSeconds(5));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void startTlsDiscardsInjectedBytesAndSaysEhloAgain() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("STARTTLS", "AUTH PLAIN");
            c.expect("STARTTLS");
            // The injection: a reply sent in clear text, in the same packet as the 220.
            c.raw("220 2.0.0 go ahead\r\n250-injected.example\r\n250 AUTH PLAIN\r\n");
            c.startTls(serverContext);
            c.expect("EHLO localhost");
            c.reply("250-scripted.test", "250-AFTER-TLS", "250 PIPELINING");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<String> transcript = new ArrayList<>();
            try (SmtpSession s = Smtp.start(config(server)
                    .tls(TlsMode.STARTTLS_REQUIRED)
                    .transcript(transcript::add)
                    .build())) {
                assertThat(s.isEncrypted()).isTrue();
                assertThat(s.capabilities().supports("AFTER-TLS")).isTrue();
                assertThat(s.capabilities().supportsStartTls()).isFalse();
                assertThat(s.capabilities().authMechanisms()).isEmpty();
            }
            server.verify();
            assertThat(transcript).anyMatch(l -> l.contains("discarded") && l.contains("before the TLS handshake"));
        }
    }

    @Test
    void requiredStartTlsWithoutAdvertisementSendsNothingAfterEhlo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH PLAIN");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() -> Smtp.start(config(server)
                            .tls(TlsMode.STARTTLS_REQUIRED)
                            .auth("user", "secret-pw")
                            .build()))
                    .isInstanceOf(SmtpTlsException.class)
                    .hasMessageContaining("does not advertise STARTTLS");
            server.verify();
            assertThat(server.conversations().get(0).lines()).containsExactly("EHLO localhost", "QUIT");
        }
    }

    @Test
    void requiredStartTlsRefusedWith454FailsAsTransient() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("STARTTLS");
            c.expect("STARTTLS");
            c.reply("454 4.7.0 TLS not available due to temporary reason");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() -> Smtp.start(
                            config(server).tls(TlsMode.STARTTLS_REQUIRED).build()))
                    .isInstanceOf(SmtpTlsException.class)
                    .hasMessageContaining("454 4.7.0")
                    .satisfies(
                            e -> assertThat(((SmtpException) e).isTransient()).isTrue());
            server.verify();
        }
    }

    @Test
    void opportunisticStartTlsGoesOnInPlainTextAndSaysSo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("NOOP");
            c.reply("250 ok");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<String> transcript = new ArrayList<>();
            try (SmtpSession s = Smtp.start(config(server)
                    .tls(TlsMode.STARTTLS)
                    .transcript(transcript::add)
                    .build())) {
                assertThat(s.isEncrypted()).isFalse();
                s.noop();
            }
            server.verify();
            assertThat(transcript).anyMatch(l -> l.contains("continuing WITHOUT encryption"));
        }
    }

    @Test
    void implicitTlsVerifiesTheNameAndSendsSni() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.startTls(serverContext);
            c.greetAndEhlo("AUTH PLAIN");
            c.expect("AUTH PLAIN " + b64("\0user\0secret-pw"));
            c.reply("235 2.7.0 Authentication successful");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(config(server)
                    .tls(TlsMode.IMPLICIT)
                    .tlsHostname("mail.test")
                    .auth("user", "secret-pw")
                    .build())) {
                assertThat(s.isEncrypted()).isTrue();
            }
            server.verify();
            assertThat(server.conversations().get(0).requestedServerNames()).containsExactly("mail.test");
        }
    }

    @Test
    void certificateForAnotherNameFailsUnlessVerificationIsOff() throws Exception {
        TestCertificates other = TestCertificates.selfSigned("other.example");
        SSLContext otherServer = other.serverContext();
        SSLContext otherTrust = TlsSettings.trusting(other.trustStore());
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    try {
                        c.startTls(otherServer);
                    } catch (java.io.IOException expected) {
                        // The client refuses the certificate: an alert, or a reset when it closes first.
                    }
                },
                c -> {
                    c.startTls(otherServer);
                    c.greetAndEhlo();
                    c.expect("QUIT");
                    c.reply("221 bye");
                })) {
            assertThatThrownBy(() -> Smtp.start(config(server)
                            .tls(TlsMode.IMPLICIT)
                            .sslContext(otherTrust)
                            .build()))
                    .isInstanceOf(SmtpTlsException.class)
                    .hasMessageContaining("handshake");
            List<String> transcript = new ArrayList<>();
            try (SmtpSession s = Smtp.start(config(server)
                    .tls(TlsMode.IMPLICIT)
                    .sslContext(otherTrust)
                    .tlsVerify(false)
                    .transcript(transcript::add)
                    .build())) {
                assertThat(s.isEncrypted()).isTrue();
            }
            server.verify();
            assertThat(transcript).anyMatch(l -> l.contains("verification is OFF"));
        }
    }

    @Test
    void untrustedCertificateFailsTheHandshake() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("STARTTLS");
            c.expect("STARTTLS");
            c.reply("220 go ahead");
            try {
                c.startTls(serverContext);
            } catch (java.io.IOException expected) {
                // The client does not trust the certificate.
            }
        })) {
            SmtpConfig cfg = SmtpConfig.builder()
                    .host(server.host())
                    .port(server.port())
                    .tls(TlsMode.STARTTLS)
                    .build(); // the JDK's default trust store
            assertThatThrownBy(() -> Smtp.start(cfg)).isInstanceOf(SmtpTlsException.class);
            server.verify();
        }
    }

    @Test
    void implicitTlsDefaultsToPort465() {
        assertThat(SmtpConfig.builder().host("h").tls(TlsMode.IMPLICIT).build().port())
                .isEqualTo(465);
        assertThat(SmtpConfig.builder()
                        .host("h")
                        .tls(TlsMode.IMPLICIT)
                        .port(2465)
                        .build()
                        .port())
                .isEqualTo(2465);
    }
}
