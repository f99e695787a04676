/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.SmtpTokenException;
import dev.netsmtp.auth.AccessToken;
import dev.netsmtp.auth.AuthMechanism;
import dev.netsmtp.auth.TokenSource;
import dev.netsmtp.auth.TokenSourceException;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.tls.TlsMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A refused OAuth2 token (XOAUTH2's and OAUTHBEARER's error challenge, then 535): the source is
 * told, a new token got, the login tried once more on a new connection; a second refusal is
 * permanent and carries the server's status decoded; a source that fails or hangs ends the login
 * with a typed error naming the token step; no text holds a token.
 */
@Timeout(30)
class TokenRefusalTests {

    private static final String STATUS = "{\"status\":\"invalid_token\",\"schemes\":\"bearer\",\"scope\":\"mail\"}";

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Hands out zq9-1, zq9-2, ...; remembers what it was told. */
    private static final class Numbered implements TokenSource {
        final AtomicInteger issued = new AtomicInteger();
        final List<String> refused = new ArrayList<>();

        @Override
        public AccessToken token() {
            return AccessToken.withoutExpiry("zq9-" + issued.incrementAndGet());
        }

        @Override
        public synchronized void refused(AccessToken token) {
            refused.add(token.value());
        }
    }

    private static SmtpConfig.Builder clearText(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .tls(TlsMode.NONE)
                .allowAuthWithoutTls(true)
                .readTimeout(Duration.ofSeconds(5));
    }

    private static ScriptedSmtpServer.Script refusing(String mechanism, String initial, String ack) {
        return c -> {
            c.greetAndEhlo("AUTH XOAUTH2 OAUTHBEARER");
            c.expect("AUTH " + mechanism + " " + b64(initial));
            c.reply("334 " + b64(STATUS));
            assertThat(c.readLine()).isEqualTo(ack);
            c.reply("535 5.7.8 Authentication credentials invalid");
            c.expect("QUIT");
            c.reply("221 bye");
        };
    }

    @Test
    void aRefusedOauthbearerTokenIsRenewedAndTheLoginGoesOnceMoreOnANewConnection() throws Exception {
        Numbered source = new Numbered();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                refusing("OAUTHBEARER", "n,a=me@example.com,\u0001auth=Bearer zq9-1\u0001\u0001", b64("\u0001")), c -> {
                    c.greetAndEhlo("AUTH XOAUTH2 OAUTHBEARER");
                    c.expect("AUTH OAUTHBEARER " + b64("n,a=me@example.com,\u0001auth=Bearer zq9-2\u0001\u0001"));
                    c.reply("235 2.7.0 Accepted");
                    c.expect("QUIT");
                    c.reply("221 bye");
                })) {
            List<String> transcript = new ArrayList<>();
            try (SmtpSession s = Smtp.start(clearText(server)
                    .oauth2("me@example.com", source)
                    .transcript(transcript::add)
                    .build())) {
                assertThat(s.isUsable()).isTrue();
            }
            server.verify();
            assertThat(source.refused).containsExactly("zq9-1");
            assertThat(String.join("\n", transcript))
                    .contains("logging in once more with a new token")
                    .doesNotContain("zq9");
        }
    }

    @Test
    void aRefusedXoauth2TokenIsRenewedTheSameWay() throws Exception {
        Numbered source = new Numbered();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                refusing("XOAUTH2", "user=me@example.com\u0001auth=Bearer zq9-1\u0001\u0001", ""), c -> {
                    c.greetAndEhlo("AUTH XOAUTH2 OAUTHBEARER");
                    c.expect("AUTH XOAUTH2 " + b64("user=me@example.com\u0001auth=Bearer zq9-2\u0001\u0001"));
                    c.reply("235 2.7.0 Accepted");
                    c.expect("MAIL FROM:<me@example.com>");
                    c.reply("250 ok");
                    c.expect("RCPT TO:<you@example.com>");
                    c.reply("250 ok");
                    c.expect("DATA");
                    c.reply("354 go");
                    c.expect("Subject: x");
                    c.expect("");
                    c.expect("hi");
                    c.expect(".");
                    c.reply("250 stored");
                    c.expect("QUIT");
                    c.reply("221 bye");
                })) {
            try (SmtpSession s = Smtp.start(clearText(server)
                    .oauth2("me@example.com", source, AuthMechanism.XOAUTH2)
                    .build())) {
                s.sendMessage("Subject: x\r\n\r\nhi\r\n", "me@example.com", "you@example.com");
            }
            server.verify();
            assertThat(source.refused).containsExactly("zq9-1");
        }
    }

    @Test
    void aSecondRefusalIsPermanentAndCarriesTheServersStatus() throws Exception {
        Numbered source = new Numbered();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                refusing("OAUTHBEARER", "n,a=me@example.com,\u0001auth=Bearer zq9-1\u0001\u0001", b64("\u0001")),
                refusing("OAUTHBEARER", "n,a=me@example.com,\u0001auth=Bearer zq9-2\u0001\u0001", b64("\u0001")))) {
            assertThatThrownBy(() -> Smtp.start(
                            clearText(server).oauth2("me@example.com", source).build()))
                    .isExactlyInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("refused again after a new token")
                    .hasMessageContaining("535 5.7.8")
                    .hasMessageNotContaining("zq9")
                    .satisfies(e -> {
                        SmtpAuthenticationException a = (SmtpAuthenticationException) e;
                        assertThat(a.isTransient()).isFalse();
                        assertThat(a.tokenStatus()).hasValueSatisfying(st -> {
                            assertThat(st.status()).isEqualTo("invalid_token");
                            assertThat(st.scope()).contains("mail");
                            assertThat(st.schemes()).contains("bearer");
                        });
                    });
            server.verify();
            assertThat(source.refused).containsExactly("zq9-1", "zq9-2");
            assertThat(server.conversations()).hasSize(2);
        }
    }

    @Test
    void aSourceThatGivesTheRefusedTokenAgainIsNotTriedOnANewConnection() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(
                refusing("OAUTHBEARER", "n,a=me@example.com,\u0001auth=Bearer zq9-fixed\u0001\u0001", b64("\u0001")))) {
            assertThatThrownBy(() -> Smtp.start(clearText(server)
                            .oauth2("me@example.com", TokenSource.fixed("zq9-fixed"))
                            .build()))
                    .isExactlyInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("gave the refused token again")
                    .hasMessageNotContaining("zq9");
            server.verify();
        }
    }

    @Test
    void aTemporaryAuthFailureIsNotATokenRefusal() throws Exception {
        Numbered source = new Numbered();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH OAUTHBEARER");
            c.expect("AUTH OAUTHBEARER ");
            c.reply("454 4.7.0 Temporary authentication failure");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() -> Smtp.start(
                            clearText(server).oauth2("me@example.com", source).build()))
                    .isInstanceOf(dev.netsmtp.SmtpServerBusyException.class)
                    .matches(e -> ((dev.netsmtp.SmtpException) e).isTransient());
            server.verify();
            assertThat(source.refused).isEmpty();
        }
    }

    @Test
    void aFailingSourceEndsTheLoginWithATypedErrorNamingTheTokenStepBeforeAuthIsSent() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    c.greetAndEhlo("AUTH OAUTHBEARER");
                    c.expect("QUIT");
                    c.reply("221 bye");
                },
                c -> {
                    c.greetAndEhlo("AUTH OAUTHBEARER");
                    c.expect("QUIT");
                    c.reply("221 bye");
                })) {
            assertThatThrownBy(() -> Smtp.start(clearText(server)
                            .oauth2("me@example.com", (TokenSource) () -> {
                                throw new TokenSourceException("authorization server down", true, null);
                            })
                            .build()))
                    .isInstanceOf(SmtpTokenException.class)
                    .hasMessageContaining("authorization server down")
                    .hasMessageContaining(SmtpTokenException.STEP)
                    .matches(e -> ((SmtpTokenException) e).isTransient());
            assertThatThrownBy(() -> Smtp.start(clearText(server)
                            .oauth2("me@example.com", (TokenSource) () -> {
                                throw new TokenSourceException("invalid_client", false, null);
                            })
                            .build()))
                    .isInstanceOf(SmtpTokenException.class)
                    .matches(e -> !((SmtpTokenException) e).isTransient());
            server.verify();
            assertThat(server.conversations().get(0).lines()).noneMatch(l -> l.startsWith("AUTH"));
        }
    }

    @Test
    void aHangingSourceEndsTheLoginAtItsBoundNamingTheTokenStep() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH OAUTHBEARER");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Smtp.start(clearText(server)
                            .readTimeout(Duration.ofMillis(700))
                            .oauth2("me@example.com", (TokenSource) () -> {
                                try {
                                    Thread.sleep(20_000);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                return AccessToken.withoutExpiry("never");
                            })
                            .build()))
                    .isInstanceOf(SmtpTimeoutException.class)
                    .hasMessageContaining(SmtpTokenException.STEP)
                    .matches(e -> ((SmtpTimeoutException) e).isTransient());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            server.verify();
        }
    }
}
