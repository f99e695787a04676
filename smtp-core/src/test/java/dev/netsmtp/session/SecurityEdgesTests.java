/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.Envelope;
import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.auth.Credentials;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.testing.TestCertificates;
import dev.netsmtp.tls.TlsMode;
import dev.netsmtp.tls.TlsSettings;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * The edges of issue 25 on the wire: an internationalised domain goes as its IDNA2008 A-label (in
 * MAIL, RCPT and SNI); a SCRAM server cannot hold the thread; a failed login never quotes a SASL
 * challenge; a user name that is not one line is refused; a client certificate survives turning
 * certificate verification off; a token supplier that hangs ends at the bound.
 */
class SecurityEdgesTests {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the client's first SCRAM message from the AUTH line and answers with a server-first
     * message that extends its nonce, with a fixed salt and the given iteration count.
     *
     * @return the client's first message, decoded
     */
    static String scramServerFirst(dev.netsmtp.testing.Conversation c, String auth, String iterations)
            throws java.io.IOException {
        String first =
                new String(Base64.getDecoder().decode(c.expect(auth).substring(auth.length())), StandardCharsets.UTF_8);
        String nonce = first.substring(first.indexOf(",r=") + 3);
        c.reply("334 " + b64("r=" + nonce + "srv,s=QSXCR+Q6sek8bf92," + iterations));
        return first;
    }

    private static SmtpConfig.Builder clearText(ScriptedSmtpServer server) {
        return PipelinedBatchTests.config(server).allowAuthWithoutTls(true);
    }

    @Test
    void anInternationalisedDomainGoesAsItsIdna2008ALabelToAServerWithoutSmtpUtf8() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("MAIL FROM:<a@xn--bcher-kva.example>");
            c.expect("RCPT TO:<info@xn--fa-hia.de>");
            c.expect("DATA");
            c.reply("250 ok", "250 ok", "354 go");
            c.readData();
            c.reply("250 queued");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<String> transcript = new ArrayList<>();
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server)
                    .transcript(transcript::add)
                    .build())) {
                s.sendMessage(
                        Envelope.of("a@bücher.example", "info@faß.de"),
                        "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            server.verify();
            // Both forms in the transcript: what was given and what went.
            assertThat(transcript).anyMatch(l -> l.contains("A-labels") && l.contains("info@xn--fa-hia.de"));
        }
    }

    @Test
    void aUnicodeHostNameGoesToDnsAndSniAsItsALabel() throws Exception {
        TestCertificates certs = TestCertificates.selfSigned("mail.xn--fa-hia.de");
        SSLContext trust = TlsSettings.trusting(certs.trustStore());
        List<String> asked = new ArrayList<>();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("STARTTLS");
            c.expect("STARTTLS");
            c.reply("220 go ahead");
            c.startTls(certs.serverContext());
            c.expect("EHLO");
            c.reply("250 mail.xn--fa-hia.de");
            c.expect("QUIT");
            c.reply("221 bye");
            asked.addAll(c.requestedServerNames());
        })) {
            SmtpConfig config = SmtpConfig.builder()
                    .host("mail.faß.de")
                    .port(server.port())
                    .sslContext(trust)
                    .resolver(host -> {
                        asked.add("dns:" + host);
                        return List.of(InetAddress.getLoopbackAddress());
                    })
                    .build();
            assertThat(config.host()).isEqualTo("mail.xn--fa-hia.de");
            try (SmtpSession s = Smtp.start(config)) {
                assertThat(s.isEncrypted()).isTrue();
            }
            server.verify();
            assertThat(asked).contains("dns:mail.xn--fa-hia.de", "mail.xn--fa-hia.de");
        }
        assertThatThrownBy(
                        () -> SmtpConfig.builder().host("mail.\ud83d\udca9.la").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("host:");
    }

    /** A SCRAM server that asks for 2^31-1 iterations is refused at once, the thread free. */
    @Test
    void aScramIterationCountOverTheBoundIsRefusedBeforeAnyIsComputed() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH SCRAM-SHA-256");
            scramServerFirst(c, "AUTH SCRAM-SHA-256 ", "i=2147483647");
            c.readLine(); // "*"
            c.reply("501 5.7.0 cancelled");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            long start = System.nanoTime();
            assertThatThrownBy(() ->
                            Smtp.start(clearText(server).auth("alice", "secret").build()))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("scramMaxIterations")
                    .hasMessageNotContaining("QSXCR"); // the salt never in the error
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            server.verify();
        }
    }

    /** With the bound raised, the derivation still stops at the session's time limit. */
    @Test
    void aScramDerivationStopsAtTheTimeLimit() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH SCRAM-SHA-256");
            scramServerFirst(c, "AUTH SCRAM-SHA-256 ", "i=2147483647");
            c.awaitClose();
        })) {
            SmtpSession s = Smtp.newSession(clearText(server)
                    .auth("alice", "secret")
                    .scramMaxIterations(Integer.MAX_VALUE)
                    .build());
            s.timeLimit(Duration.ofMillis(800));
            long start = System.nanoTime();
            assertThatThrownBy(s::start).isInstanceOf(SmtpTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("the limit plus a second at most")
                    .isLessThan(Duration.ofMillis(1_800));
            s.close();
        }
    }

    /** A -PLUS login the server cannot bind goes again once in the plain form, saying "n". */
    @Test
    void aPlusLoginThatFailsOnChannelBindingGoesAgainWithoutBinding() throws Exception {
        TestCertificates certs = TestCertificates.selfSigned("mail.test", "127.0.0.1");
        List<String> initial = new ArrayList<>();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("STARTTLS");
            c.expect("STARTTLS");
            c.reply("220 go ahead");
            c.startTls(certs.serverContext());
            c.expect("EHLO");
            c.reply("250-mail.test", "250 AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-256");
            initial.add(scramServerFirst(c, "AUTH SCRAM-SHA-256-PLUS ", "i=4096"));
            c.readLine();
            c.reply("334 " + b64("e=channel-bindings-dont-match"));
            c.readLine(); // "*"
            c.reply("501 5.7.0 cancelled");
            String second = c.expect("AUTH SCRAM-SHA-256 ");
            initial.add(new String(Base64.getDecoder().decode(second.substring(19)), StandardCharsets.UTF_8));
            c.reply("535 5.7.8 no");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() -> Smtp.start(PipelinedBatchTests.config(server)
                            .tls(TlsMode.STARTTLS_REQUIRED)
                            .sslContext(TlsSettings.trusting(certs.trustStore()))
                            .auth("alice", "secret")
                            .build()))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("535");
            server.verify();
            assertThat(initial.get(0)).startsWith("p=tls-server-end-point,,");
            assertThat(initial.get(1)).startsWith("n,,");
        }
    }

    @Test
    void aFailedLoginNeverQuotesTheServersChallenge() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH LOGIN");
            c.expect("AUTH LOGIN");
            c.reply("334 " + b64("Username:"));
            c.readLine();
            c.reply("334 " + b64("Password: and a secret hint"));
            c.readLine();
            c.reply("535 5.7.8 bad credentials");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() ->
                            Smtp.start(clearText(server).auth("alice", "secret").build()))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("535 5.7.8 bad credentials")
                    .hasMessageNotContaining("Password")
                    .hasMessageNotContaining("hint");
        }
    }

    @Test
    void aUserNameThatIsNotOneLineIsRefusedWithoutEchoingTheSecret() {
        for (String name : List.of("alice\r\n", "al\nice", "alice\u001b[31m", "alice\u0085")) {
            assertThatThrownBy(() -> Credentials.password(name, "s3cret-pw"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("user name")
                    .hasMessageNotContaining("s3cret-pw");
            assertThatThrownBy(() -> Credentials.oauth2(name, () -> "t0ken"))
                    .hasMessageContaining("user name")
                    .hasMessageNotContaining("t0ken");
        }
    }

    @Test
    void aClientCertificateSurvivesTurningCertificateVerificationOff() throws Exception {
        TestCertificates server = TestCertificates.selfSigned("mail.test", "127.0.0.1");
        TestCertificates client = TestCertificates.selfSigned("client.test");
        SSLContext serverSide = server.serverContextTrusting(client.trustStore());
        try (ScriptedSmtpServer smtp = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("STARTTLS");
            c.expect("STARTTLS");
            c.reply("220 go ahead");
            c.startTls(serverSide, true); // fails without a trusted client certificate
            c.expect("EHLO");
            c.reply("250 mail.test");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            SmtpConfig config = PipelinedBatchTests.config(smtp)
                    .tls(TlsMode.STARTTLS_REQUIRED)
                    .tlsVerifyCertificate(false)
                    .clientCertificate(client.keyManagers())
                    .build();
            try (SmtpSession s = Smtp.start(config)) {
                assertThat(s.isEncrypted()).isTrue();
            }
            smtp.verify();
        }
    }

    @Test
    void aTokenSupplierThatNeverAnswersEndsTheLoginAtItsBound() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH XOAUTH2");
            c.awaitClose();
        })) {
            SmtpConfig config = clearText(server)
                    .readTimeout(Duration.ofMillis(500))
                    .oauth2("alice@example.com", () -> {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return "never";
                    })
                    .build();
            long start = System.nanoTime();
            assertThatThrownBy(() -> Smtp.start(config))
                    .isInstanceOf(SmtpTimeoutException.class)
                    .hasMessageContaining("token");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
