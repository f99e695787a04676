/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.tls.TlsMode;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With no TLS mode set, TLS is required off loopback (implicit on port 465) and opportunistic on
 * loopback, judged on the host name as configured; every test server listens on 127.0.0.1, so a
 * resolver gives a name that is not loopback the scripted server's address.
 */
class TlsDefaultTests {

    @Test
    void theDefaultFollowsTheHostName() {
        assertThat(mode("smtp.example.com", null)).isEqualTo(TlsMode.STARTTLS_REQUIRED);
        assertThat(mode("smtp.example.com", 465)).isEqualTo(TlsMode.IMPLICIT);
        assertThat(mode("192.0.2.25", null)).isEqualTo(TlsMode.STARTTLS_REQUIRED);
        for (String loopback : List.of(
                "localhost",
                "LOCALHOST",
                "mail.localhost",
                "127.0.0.1",
                "127.1.2.3",
                "::1",
                "[::1]",
                "0:0:0:0:0:0:0:1")) {
            assertThat(mode(loopback, null)).as(loopback).isEqualTo(TlsMode.STARTTLS);
        }
        assertThat(SmtpConfig.builder()
                        .host("smtp.example.com")
                        .tls(TlsMode.NONE)
                        .build()
                        .tls()
                        .mode())
                .as("said by name")
                .isEqualTo(TlsMode.NONE);
        // A copy keeps the mode unset, so it follows a new host.
        assertThat(SmtpConfig.builder().host("localhost").build().toBuilder()
                        .host("smtp.example.com")
                        .build()
                        .tls()
                        .mode())
                .isEqualTo(TlsMode.STARTTLS_REQUIRED);
    }

    private static TlsMode mode(String host, Integer port) {
        SmtpConfig.Builder b = SmtpConfig.builder().host(host);
        if (port != null) {
            b.port(port);
        }
        return b.build().tls().mode();
    }

    @Test
    void aServerThatIsNotOnLoopbackWithoutStartTlsFailsBeforeMailNamingTheSetting() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(TlsDefaultTests::withoutStartTls)) {
            SmtpConfig config = relayOnLoopback(server).build();
            assertThatThrownBy(() -> Smtp.start(config))
                    .isInstanceOf(SmtpTlsException.class)
                    .hasMessageContaining("does not advertise STARTTLS")
                    .hasMessageContaining("tls(TlsMode.STARTTLS)")
                    .hasMessageContaining("tls(TlsMode.NONE)");
            assertThat(server.conversations().get(0).lines()).noneMatch(l -> l.startsWith("MAIL"));
        }
    }

    @Test
    void theAdviceNamesSettingsAsTheIntegrationThatBuiltTheConfigNamesThem() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(TlsDefaultTests::withoutStartTls)) {
            SmtpConfig config = relayOnLoopback(server)
                    .settingNames((setting, value) -> "<" + setting + " " + value + ">")
                    .build();
            assertThatThrownBy(() -> Smtp.start(config))
                    .isInstanceOf(SmtpTlsException.class)
                    .hasMessageContaining("say so: <TLS_MODE STARTTLS> or <TLS_MODE NONE>")
                    .hasMessageNotContaining("tls(TlsMode");
        }
    }

    @Test
    void aLoopbackServerWithoutStartTlsStillSends() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> c.deliversOneMessage())) {
            try (SmtpSession s = Smtp.start(
                    SmtpConfig.builder().host("127.0.0.1").port(server.port()).build())) {
                assertThat(s.isEncrypted()).isFalse();
                assertThat(s.sendMessage("Subject: x\r\n\r\nx\r\n", "a@example.com", "b@example.com")
                                .reply()
                                .code())
                        .isEqualTo(250);
            }
            server.verify();
        }
    }

    @Test
    void anUntrustedCertificateSaysHowToTrustItNeverToTurnVerificationOff() throws Exception {
        javax.net.ssl.SSLContext serverContext =
                dev.netsmtp.testing.TestCertificates.selfSigned("127.0.0.1").serverContext();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("STARTTLS");
            c.expect("STARTTLS");
            c.reply("220 2.0.0 go ahead");
            try {
                c.startTls(serverContext);
            } catch (java.io.IOException refused) {
                // the client refuses the certificate
            }
        })) {
            SmtpConfig config = SmtpConfig.builder()
                    .host("127.0.0.1")
                    .port(server.port())
                    .tls(TlsMode.STARTTLS_REQUIRED)
                    .build();
            assertThatThrownBy(() -> Smtp.start(config))
                    .isInstanceOf(SmtpTlsException.class)
                    .hasMessageContaining("the server's certificate is not trusted: set sslContext(")
                    .hasMessageNotContaining("tlsVerifyCertificate(false)");
        }
    }

    @Test
    void aProtocolBelowTls12IsRefusedByTheBuilder() {
        assertThatThrownBy(() -> SmtpConfig.builder().tlsProtocols("TLSv1.3", "TLSv1.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLSv1.1")
                .hasMessageContaining("TLS 1.2 is the floor");
        assertThat(SmtpConfig.builder()
                        .host("127.0.0.1")
                        .tlsProtocols("TLSv1.3")
                        .tlsCipherSuites("TLS_AES_128_GCM_SHA256")
                        .build()
                        .tls())
                .satisfies(t -> {
                    assertThat(t.protocols()).containsExactly("TLSv1.3");
                    assertThat(t.cipherSuites()).containsExactly("TLS_AES_128_GCM_SHA256");
                });
    }

    /** A server that offers no STARTTLS and waits for QUIT. */
    private static void withoutStartTls(dev.netsmtp.testing.Conversation c) throws java.io.IOException {
        c.greetAndEhlo("PIPELINING");
        c.expect("QUIT");
        c.reply("221 bye");
    }

    /** A host that is not loopback by name, resolved to the scripted server on 127.0.0.1. */
    private static SmtpConfig.Builder relayOnLoopback(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host("relay.example.net")
                .port(server.port())
                .resolver(host -> List.of(InetAddress.getLoopbackAddress()));
    }
}
