/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.testing.TestCertificates;
import dev.netsmtp.tls.TlsMode;
import dev.netsmtp.tls.TlsSettings;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How TLS failures are classified: a handshake that stalls or is cut off is transient (a timeout
 * or a connection failure, so a host list fails over and the template retries), a 454 to
 * STARTTLS is transient, and only certificate and protocol failures are {@link SmtpTlsException}.
 */
class TlsFailureTests {

    private static SSLContext serverContext;
    private static SSLContext clientTrust;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certs = TestCertificates.selfSigned("mail.test", "127.0.0.1");
        serverContext = certs.serverContext();
        clientTrust = TlsSettings.trusting(certs.trustStore());
    }

    private static SmtpConfig config(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .tls(TlsMode.STARTTLS_REQUIRED)
                .sslContext(clientTrust)
                .readTimeout(Duration.ofSeconds(1))
                .build();
    }

    /** A whole STARTTLS conversation that delivers one message. */
    private static void delivers(Conversation c) throws Exception {
        c.greetAndEhlo("STARTTLS");
        c.expect("STARTTLS");
        c.reply("220 2.0.0 go ahead");
        c.startTls(serverContext);
        c.expect("EHLO");
        c.reply("250-scripted.test", "250 PIPELINING");
        c.expect("MAIL FROM:");
        c.expect("RCPT TO:");
        c.expect("DATA");
        c.reply("250 ok", "250 ok", "354 go ahead");
        c.readData();
        c.reply("250 2.0.0 queued");
        c.expect("QUIT");
        c.reply("221 bye");
    }

    private static void startTlsAccepted(Conversation c) throws Exception {
        c.greetAndEhlo("STARTTLS");
        c.expect("STARTTLS");
        c.reply("220 2.0.0 go ahead");
    }

    @Test
    void aHandshakeThatNeverCompletesIsATransientTimeoutWithinTheReadTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            startTlsAccepted(c);
            c.stall(Duration.ofSeconds(5)); // never answers the ClientHello
        })) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Smtp.start(config(server)))
                    .isInstanceOf(SmtpTimeoutException.class)
                    .hasMessageContaining("TLS handshake")
                    .satisfies(
                            e -> assertThat(((SmtpException) e).isTransient()).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aHandshakeResetFailsOverToTheSecondHost() throws Exception {
        try (ScriptedSmtpServer broken = ScriptedSmtpServer.start(c -> {
            startTlsAccepted(c);
            c.reset();
        })) {
            assertThatThrownBy(() -> Smtp.start(config(broken))).isInstanceOf(SmtpConnectionException.class);
        }
        try (ScriptedSmtpServer broken = ScriptedSmtpServer.start(c -> {
                    startTlsAccepted(c);
                    c.reset();
                });
                ScriptedSmtpServer good = ScriptedSmtpServer.start(TlsFailureTests::delivers)) {
            SmtpTemplate template =
                    SmtpTemplate.of(new SimpleSmtpSessionFactory(HostList.of(config(broken), config(good))));
            assertThat(template.send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n")
                            .reply()
                            .code())
                    .isEqualTo(250);
            good.verify();
        }
    }

    @Test
    void a454ToStartTlsIsRetriedOnANewConnection() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    c.greetAndEhlo("STARTTLS");
                    c.expect("STARTTLS");
                    c.reply("454 4.7.0 TLS not available due to temporary reason");
                    c.expect("QUIT");
                    c.reply("221 bye");
                },
                TlsFailureTests::delivers)) {
            SmtpTemplate template = SmtpTemplate.builder(new SimpleSmtpSessionFactory(config(server)))
                    .sleeper(d -> {})
                    .build();
            assertThat(template.send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n")
                            .reply()
                            .code())
                    .isEqualTo(250);
            server.verify();
            assertThat(server.conversations()).hasSize(2);
        }
    }

    @Test
    void anUntrustedCertificateStaysATlsFailure() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            startTlsAccepted(c);
            try {
                c.startTls(serverContext);
            } catch (java.io.IOException expected) {
                // The client refuses the certificate.
            }
        })) {
            SmtpConfig untrusting = SmtpConfig.builder()
                    .host(server.host())
                    .port(server.port())
                    .tls(TlsMode.STARTTLS_REQUIRED)
                    .readTimeout(Duration.ofSeconds(2))
                    .build();
            assertThatThrownBy(() -> Smtp.start(untrusting))
                    .isInstanceOf(SmtpTlsException.class)
                    .satisfies(
                            e -> assertThat(((SmtpException) e).isTransient()).isFalse());
        }
    }
}
