/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.testing.TestCertificates;
import dev.netsmtp.tls.TlsMode;
import dev.netsmtp.tls.TlsSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secure without configuration: STARTTLS when offered, with the certificate verified; clear text
 * only by name; each check of the certificate switched off only by its own name, and announced on
 * every connection; never below TLS 1.2.
 */
class SecureDefaultsTests {

    private static SSLContext selfSigned;
    private static SSLContext trust;

    @BeforeAll
    static void certificate() throws Exception {
        TestCertificates certificate = TestCertificates.selfSigned("mail.test", "127.0.0.1");
        selfSigned = certificate.serverContext();
        trust = TlsSettings.trusting(certificate.trustStore());
    }

    /** Nothing about TLS said. */
    private static SmtpConfig.Builder defaults(ScriptedSmtpServer server) {
        return SmtpConfig.builder().host(server.host()).port(server.port()).readTimeout(Duration.ofSeconds(5));
    }

    private static void startTlsThenQuit(Conversation c) throws IOException {
        c.greetAndEhlo("STARTTLS");
        c.expect("STARTTLS");
        c.reply("220 2.0.0 go ahead");
        c.startTls(selfSigned);
        c.expect("EHLO");
        c.reply("250 scripted.test");
        c.expect("QUIT");
        c.reply("221 bye");
    }

    private static void refusedHandshake(Conversation c) throws IOException {
        c.greetAndEhlo("STARTTLS");
        c.expect("STARTTLS");
        c.reply("220 2.0.0 go ahead");
        try {
            c.startTls(selfSigned);
        } catch (IOException expected) {
            // the client refuses the certificate
        }
    }

    @Test
    void theDefaultTakesStartTlsWhenOfferedAndVerifiesTheCertificate() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                SecureDefaultsTests::refusedHandshake, SecureDefaultsTests::startTlsThenQuit)) {
            // On loopback (the scripted server's 127.0.0.1): opportunistic, certificates verified.
            assertThat(SmtpConfig.builder().host("127.0.0.1").build().tls().mode())
                    .isEqualTo(TlsMode.STARTTLS);
            // The JDK's trust store does not know the certificate: the session fails, nothing
            // goes on in clear text.
            assertThatThrownBy(() -> Smtp.start(defaults(server).build()))
                    .isInstanceOf(SmtpTlsException.class)
                    .hasMessageContaining("PKIX");
            try (SmtpSession s = Smtp.start(defaults(server).sslContext(trust).build())) {
                assertThat(s.isEncrypted()).isTrue();
            }
            server.verify();
        }
    }

    @Test
    void theDefaultGoesOnInClearTextWhenStartTlsIsNotOfferedAndSaysSo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<String> transcript = new ArrayList<>();
            try (SmtpSession s =
                    Smtp.start(defaults(server).transcript(transcript::add).build())) {
                assertThat(s.isEncrypted()).isFalse();
            }
            server.verify();
            assertThat(transcript).anyMatch(l -> l.contains("WITHOUT encryption"));
        }
    }

    @Test
    void clearTextIsChosenByNameEvenWhenStartTlsIsOffered() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("STARTTLS");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(defaults(server).tls(TlsMode.NONE).build())) {
                assertThat(s.isEncrypted()).isFalse();
            }
            server.verify();
        }
    }

    @Test
    void certificateVerificationOffAcceptsASelfSignedCertificateAndSaysSoOnEveryConnection() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                SecureDefaultsTests::startTlsThenQuit, SecureDefaultsTests::startTlsThenQuit)) {
            List<String> transcript = new ArrayList<>();
            SmtpConfig config = defaults(server)
                    .tlsVerifyCertificate(false)
                    .transcript(transcript::add)
                    .build();
            for (int i = 0; i < 2; i++) {
                try (SmtpSession s = Smtp.start(config)) {
                    assertThat(s.isEncrypted()).isTrue();
                }
            }
            server.verify();
            assertThat(transcript.stream().filter(l -> l.contains("certificate verification is OFF")))
                    .hasSize(2);
            assertThat(transcript).noneMatch(l -> l.contains("host name verification is OFF"));
        }
    }

    @Test
    void hostNameVerificationOffAloneStillRefusesAnUntrustedCertificate() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(SecureDefaultsTests::refusedHandshake)) {
            List<String> transcript = new ArrayList<>();
            assertThatThrownBy(() -> Smtp.start(defaults(server)
                            .tlsVerifyHostname(false)
                            .transcript(transcript::add)
                            .build()))
                    .isInstanceOf(SmtpTlsException.class)
                    .hasMessageContaining("host name verification is off");
            server.verify();
            assertThat(transcript).anyMatch(l -> l.contains("host name verification is OFF"));
        }
    }

    @Test
    void tlsVerifyFalseTurnsBothChecksOffAsNetSmtpsDoes() throws Exception {
        TestCertificates other = TestCertificates.selfSigned("other.example");
        SSLContext otherServer = other.serverContext();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("STARTTLS");
            c.expect("STARTTLS");
            c.reply("220 2.0.0 go ahead");
            c.startTls(otherServer);
            c.expect("EHLO");
            c.reply("250 scripted.test");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<String> transcript = new ArrayList<>();
            try (SmtpSession s = Smtp.start(defaults(server)
                    .tlsVerify(false)
                    .transcript(transcript::add)
                    .build())) {
                assertThat(s.isEncrypted()).isTrue();
            }
            server.verify();
            assertThat(transcript)
                    .anyMatch(l -> l.contains("certificate verification is OFF"))
                    .anyMatch(l -> l.contains("host name verification is OFF"));
        }
    }

    @Test
    void tlsOneDotTwoIsTheFloorWhateverTheContextAllows() throws Exception {
        SSLContext old = SSLContext.getInstance("TLS");
        old.init(null, null, null);
        try (SSLSocket socket = (SSLSocket) old.getSocketFactory().createSocket()) {
            List<String> supported = List.of(socket.getSupportedProtocols());
            socket.setEnabledProtocols(
                    supported.stream().filter(p -> p.startsWith("TLSv1")).toArray(String[]::new));
            new TlsSettings(TlsMode.STARTTLS, old, null, true).configure(socket, "mail.test");
            assertThat(socket.getSSLParameters().getProtocols())
                    .isNotEmpty()
                    .allMatch(p -> p.equals("TLSv1.3") || p.equals("TLSv1.2"));
        }
    }
}
