/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpServerBusyException;
import dev.netsmtp.auth.AuthMechanism;
import dev.netsmtp.auth.Credentials;
import dev.netsmtp.auth.SaslExchange;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.tls.TlsMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AUTH against a scripted peer: each mechanism's exchange, refusals, the choice, and no credentials in clear text. */
class AuthTests {

    private static SSLContext serverContext;

    @BeforeAll
    static void certificates() throws Exception {
        TlsTests.certificates();
        serverContext = TlsTests.serverContext;
    }

    private static SmtpConfig.Builder config(ScriptedSmtpServer server) {
        return TlsTests.config(server);
    }

    private static String b64(String s) {
        return TlsTests.b64(s);
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
}
