package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpServerBusyException;
import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.auth.AuthMechanism;
import dev.netsmtp.auth.Credentials;
import dev.netsmtp.auth.SaslExchange;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.testing.TestCertificates;
import dev.netsmtp.tls.TlsMode;
import dev.netsmtp.tls.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STARTTLS, implicit TLS and AUTH against a scripted peer with a certificate made in the test. */
class TlsAndAuthTests {

    private static TestCertificates mailTest;
    private static SSLContext serverContext;
    private static SSLContext clientTrust;

    @BeforeAll
    static void certificates() throws Exception {
        mailTest = TestCertificates.selfSigned("mail.test", "127.0.0.1");
        serverContext = mailTest.serverContext();
        clientTrust = TlsSettings.trusting(mailTest.trustStore());
    }

    private static SmtpConfig.Builder config(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .sslContext(clientTrust)
                .readTimeout(Duration.ofSeconds(5));
    }

    private static String b64(String s) {
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
                    .isInstanceOf(SmtpServerBusyException.class)
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
    void credentialsAreNotSentWithoutTlsAndTheErrorNamesTheSetting() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH PLAIN LOGIN");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() -> Smtp.start(config(server)
                            .tls(TlsMode.STARTTLS)
                            .auth("user", "pw")
                            .build()))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("allowAuthWithoutTls(true)");
            server.verify();
            assertThat(server.conversations().get(0).lines()).containsExactly("EHLO localhost", "QUIT");
        }
        assertThatThrownBy(() -> SmtpConfig.builder()
                        .host("h")
                        .tls(TlsMode.NONE)
                        .auth("u", "p")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowAuthWithoutTls(true)");
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
    void cramMd5AnswersTheRfc2195Example() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH CRAM-MD5 PLAIN");
            c.expect("AUTH CRAM-MD5");
            c.reply("334 " + b64("<1896.697170952@postoffice.reston.mci.net>"));
            String answer = new String(Base64.getDecoder().decode(c.readLine()), StandardCharsets.UTF_8);
            assertThat(answer).isEqualTo("tim b913a602c7eda7a495b4e6e7334d3890");
            c.reply("235 ok");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            // Without TLS (explicitly allowed) CRAM-MD5 is preferred: it never sends the password.
            Smtp.start(
                    config(server)
                            .auth("tim", "tanstaaftanstaaf")
                            .allowAuthWithoutTls(true)
                            .build(),
                    s -> {});
            server.verify();
        }
    }

    @Test
    void loginAnswersEachPromptAndFailureCarriesTheServerText() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH LOGIN");
            c.expect("AUTH LOGIN");
            c.reply("334 " + b64("Username:"));
            assertThat(c.readLine()).isEqualTo(b64("user"));
            c.reply("334 " + b64("Password:"));
            assertThat(c.readLine()).isEqualTo(b64("wrong-pw"));
            c.reply("535 5.7.8 Authentication credentials invalid");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<String> transcript = new ArrayList<>();
            SmtpConfig cfg = config(server)
                    .auth("user", "wrong-pw", AuthMechanism.LOGIN)
                    .allowAuthWithoutTls(true)
                    .transcript(transcript::add)
                    .build();
            assertThatThrownBy(() -> Smtp.start(cfg)).isInstanceOfSatisfying(SmtpAuthenticationException.class, e -> {
                assertThat(e.getMessage()).contains("535 5.7.8 Authentication credentials invalid");
                assertThat(e.isTransient()).isFalse();
                assertThat(e.getMessage()).doesNotContain("wrong-pw", b64("wrong-pw"));
            });
            server.verify();
            assertThat(String.join("\n", transcript)).doesNotContain("wrong-pw", b64("wrong-pw"), b64("user"));
            assertThat(transcript).contains("<- \"AUTH LOGIN\"", "<- \"***\"");
            assertThat(cfg.toString()).doesNotContain("wrong-pw");
        }
    }

    @Test
    void temporaryAuthFailureIsTransient() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH PLAIN");
            c.expect("AUTH PLAIN");
            c.reply("454 4.7.0 Temporary authentication failure");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() -> Smtp.start(config(server)
                            .auth("u", "p")
                            .allowAuthWithoutTls(true)
                            .build()))
                    .isInstanceOf(SmtpServerBusyException.class)
                    .matches(e -> ((SmtpException) e).isTransient());
            server.verify();
        }
    }

    @Test
    void xoauth2ReportsTheJsonErrorAfterAnEmptyLineAndNeverShowsTheToken() throws Exception {
        String json = "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.google.com/\"}";
        String token = "ya29.secret-token";
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.startTls(serverContext);
            c.greetAndEhlo("AUTH XOAUTH2 PLAIN");
            c.expect("AUTH XOAUTH2 " + b64("user=me@example.com\u0001auth=Bearer " + token + "\u0001\u0001"));
            c.reply("334 " + b64(json));
            assertThat(c.readLine()).isEmpty();
            c.reply("535-5.7.8 Username and Password not accepted.", "535 5.7.8 https://support.example/answer");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<String> transcript = new ArrayList<>();
            SmtpConfig cfg = config(server)
                    .tls(TlsMode.IMPLICIT)
                    .tlsHostname("mail.test")
                    .oauth2("me@example.com", () -> token)
                    .transcript(transcript::add)
                    .build();
            assertThatThrownBy(() -> Smtp.start(cfg))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("\"status\":\"401\"")
                    .hasMessageContaining("535 5.7.8 https://support.example/answer")
                    .hasMessageNotContaining(token);
            server.verify();
            assertThat(String.join("\n", transcript)).doesNotContain(token);
            assertThat(cfg.toString()).doesNotContain(token).contains("token=***");
        }
    }

    @Test
    void aMechanismOfTheCallersOwnPlugsIn() throws Exception {
        AuthMechanism custom = new AuthMechanism() {
            @Override
            public String name() {
                return "X-ECHO";
            }

            @Override
            public boolean accepts(Credentials credentials) {
                return true;
            }

            @Override
            public SaslExchange start(Credentials credentials) {
                return new SaslExchange() {
                    @Override
                    public Optional<byte[]> initialResponse() {
                        return Optional.of(new byte[0]);
                    }

                    @Override
                    public byte[] evaluateChallenge(byte[] challenge) {
                        return ("echo:" + new String(challenge, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8);
                    }
                };
            }
        };
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH X-ECHO");
            c.expect("AUTH X-ECHO =");
            c.reply("334 " + b64("ping"));
            assertThat(c.readLine()).isEqualTo(b64("echo:ping"));
            c.reply("235 ok");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            Smtp.start(
                    config(server)
                            .auth("u", "p", custom)
                            .allowAuthWithoutTls(true)
                            .build(),
                    s -> {});
            server.verify();
        }
    }

    @Test
    void strongestMechanismIsChosen() {
        Credentials pw = Credentials.password("u", "p");
        Set<String> all = Set.of("PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2");
        assertThat(AuthMechanism.choose(all, pw, true)).contains(AuthMechanism.PLAIN);
        assertThat(AuthMechanism.choose(all, pw, false)).contains(AuthMechanism.CRAM_MD5);
        assertThat(AuthMechanism.choose(Set.of("LOGIN"), pw, true)).contains(AuthMechanism.LOGIN);
        assertThat(AuthMechanism.choose(Set.of("XOAUTH2"), pw, true)).isEmpty();
        Credentials token = Credentials.oauth2("u", () -> "t");
        assertThat(AuthMechanism.choose(all, token, true)).contains(AuthMechanism.XOAUTH2);
        assertThat(AuthMechanism.choose(Set.of("PLAIN"), token, true)).isEmpty();
        assertThat(pw.toString()).doesNotContain("=p").contains("password=***");
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
