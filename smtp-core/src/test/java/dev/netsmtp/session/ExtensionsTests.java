/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.SmtpUnsupportedCommandException;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.testing.TestCertificates;
import dev.netsmtp.tls.TlsMode;
import dev.netsmtp.tls.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * REQUIRETLS (RFC 8689), internationalised domains without SMTPUTF8 (A-labels), and an EHLO
 * answered with 2xx lines other than 250, against a scripted peer.
 */
class ExtensionsTests {

    private static SSLContext serverContext;
    private static SSLContext trust;
    private static final byte[] MESSAGE = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certificate = TestCertificates.selfSigned("mail.test", "127.0.0.1");
        serverContext = certificate.serverContext();
        trust = TlsSettings.trusting(certificate.trustStore());
    }

    private static SmtpConfig.Builder config(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .sslContext(trust)
                .readTimeout(Duration.ofSeconds(5));
    }

    /** STARTTLS, then an EHLO reply with the extensions given. */
    private static void overTls(Conversation c, String... extensions) throws IOException {
        c.greetAndEhlo("STARTTLS");
        c.expect("STARTTLS");
        c.reply("220 2.0.0 go ahead");
        c.startTls(serverContext);
        c.expect("EHLO");
        String[] lines = new String[extensions.length + 1];
        lines[0] = (extensions.length == 0 ? "250 " : "250-") + "scripted.test";
        for (int i = 0; i < extensions.length; i++) {
            lines[i + 1] = (i == extensions.length - 1 ? "250 " : "250-") + extensions[i];
        }
        c.reply(lines);
    }

    private static void quit(Conversation c) throws IOException {
        c.expect("QUIT");
        c.reply("221 bye");
    }

    @Test
    void requireTlsGoesOnMailOverVerifiedTlsToAServerThatAdvertisesIt() throws Exception {
        Envelope envelope = Envelope.builder()
                .from("a@example.com")
                .to("b@example.com")
                .requireTls(true)
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            overTls(c, "REQUIRETLS");
            assertThat(c.expect("MAIL FROM:<a@example.com>")).endsWith(" REQUIRETLS");
            c.reply("250 2.1.0 ok");
            c.expect("RCPT TO:<b@example.com>");
            c.reply("250 2.1.5 ok");
            c.expect("DATA");
            c.reply("354 go");
            c.readData();
            c.reply("250 2.0.0 queued");
            quit(c);
        })) {
            try (SmtpSession s =
                    Smtp.start(config(server).tls(TlsMode.STARTTLS_REQUIRED).build())) {
                SendResult r = s.sendMessage(envelope, MESSAGE);
                assertThat(r.acceptedRecipients()).containsExactly("b@example.com");
            }
            server.verify();
        }
    }

    @Test
    void requireTlsIsNeverDroppedSilently() throws Exception {
        Envelope envelope = Envelope.builder()
                .from("a@example.com")
                .to("b@example.com")
                .requireTls(true)
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    c.greetAndEhlo();
                    quit(c);
                },
                c -> {
                    overTls(c, "PIPELINING");
                    quit(c);
                },
                c -> {
                    overTls(c, "REQUIRETLS");
                    quit(c);
                })) {
            // No TLS at all (the server offered no STARTTLS).
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(envelope, MESSAGE))
                        .isInstanceOf(SmtpTlsException.class)
                        .hasMessageContaining("not encrypted")
                        .hasMessageContaining("nothing was sent");
            }
            // TLS, but the server does not advertise REQUIRETLS.
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(envelope, MESSAGE))
                        .isInstanceOf(SmtpUnsupportedCommandException.class)
                        .hasMessageContaining("does not advertise it");
            }
            // TLS and REQUIRETLS, but the certificate is not verified.
            try (SmtpSession s =
                    Smtp.start(config(server).tlsVerifyHostname(false).build())) {
                assertThatThrownBy(() -> s.openMessageStream(envelope))
                        .isInstanceOf(SmtpTlsException.class)
                        .hasMessageContaining("not verified");
            }
            server.verify();
            assertThat(server.conversations())
                    .allSatisfy(c -> assertThat(c.lines()).noneMatch(l -> l.startsWith("MAIL")));
        }
    }

    @Test
    void aTemplateCanAskRequireTlsOfEveryMessage() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            quit(c);
        })) {
            SmtpTemplate template = SmtpTemplate.builder(
                            new SimpleSmtpSessionFactory(config(server).build()))
                    .requireTls(true)
                    .retryPolicy(dev.netsmtp.template.RetryPolicy.none())
                    .build();
            assertThatThrownBy(() -> template.send("a@example.com", java.util.List.of("b@example.com"), "x\r\n"))
                    .isInstanceOf(SmtpTlsException.class)
                    .hasMessageContaining("REQUIRETLS");
            server.verify();
        }
    }

    @Test
    void anInternationalisedDomainGoesAsItsALabelWhenTheServerLacksSmtpUtf8() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            assertThat(c.expect("MAIL FROM:<app@xn--bcher-kva.example>")).doesNotContain("SMTPUTF8");
            c.expect("RCPT TO:<info@xn--mnchen-3ya.example>");
            c.expect("DATA");
            c.reply("250 ok", "250 ok", "354 go");
            c.readData();
            c.reply("250 2.0.0 queued");
            quit(c);
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                s.sendMessage(MESSAGE, "app@bücher.example", "info@münchen.example");
                // A local part has no ASCII form: SMTPUTF8 stays needed, and nothing is sent.
                assertThatThrownBy(() -> s.sendMessage(MESSAGE, "app@example.com", "jörg@example.com"))
                        .isInstanceOf(SmtpUnsupportedCommandException.class)
                        .hasMessageContaining("SMTPUTF8");
            }
            server.verify();
        }
    }

    @Test
    void withSmtpUtf8TheDomainGoesAsWritten() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING", "SMTPUTF8");
            assertThat(c.expect("MAIL FROM:<app@example.com>")).endsWith(" SMTPUTF8");
            c.expect("RCPT TO:<info@münchen.example>");
            c.expect("DATA");
            c.reply("250 ok", "250 ok", "354 go");
            c.readData();
            c.reply("250 2.0.0 queued");
            quit(c);
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                s.sendMessage(MESSAGE, "app@example.com", "info@münchen.example");
            }
            server.verify();
        }
    }

    @Test
    void anEhloAnsweredWith220LinesIsStillPositive() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.reply("220 scripted.test ESMTP");
            c.expect("EHLO");
            c.reply("220-scripted.test", "220-PIPELINING", "220 SIZE 1000");
            quit(c);
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThat(s.isEsmtp()).isTrue();
                assertThat(s.capabilities().supportsPipelining()).isTrue();
                assertThat(s.capabilities().sizeLimit()).hasValue(1000);
            }
            server.verify();
        }
    }
}
