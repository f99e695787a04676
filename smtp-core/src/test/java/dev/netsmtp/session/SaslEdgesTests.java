/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.auth.AuthMechanism;
import dev.netsmtp.auth.Credentials;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.tls.TlsMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SASL's sharp edges: values that would split a payload are refused when the credentials are
 * built; a 235 before the exchange is complete is a failure; OAUTHBEARER (RFC 7628) is sent as
 * the RFC says, preferred over XOAUTH2, and its error challenge is acknowledged with ^A.
 */
class SaslEdgesTests {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static SmtpConfig.Builder clearText(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .tls(TlsMode.NONE)
                .allowAuthWithoutTls(true)
                .readTimeout(Duration.ofSeconds(5));
    }

    @Test
    void aNulInAPlainUserOrPasswordIsRefusedWhenTheCredentialsAreBuilt() {
        assertThatThrownBy(() -> Credentials.password("alice\0admin", "pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user name contains a NUL or ^A")
                .hasMessageNotContaining("admin");
        assertThatThrownBy(() -> Credentials.password("alice", "pw\0admin\0x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password contains a NUL")
                .hasMessageNotContaining("admin");
        assertThatThrownBy(() -> SmtpConfig.builder().host("h").auth("a\u0001b", "pw"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpConfig.builder().host("h").oauth2("me\u0001auth=Bearer x", () -> "t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("^A");
    }

    @Test
    void aTokenThatWouldSplitThePayloadIsRefusedBeforeAnythingIsSent() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH XOAUTH2");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() -> Smtp.start(clearText(server)
                            .oauth2("me", () -> "zq9secret\u0001\u0001")
                            .build()))
                    .hasMessageContaining("control character")
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageNotContaining("zq9secret");
            server.verify();
            assertThat(server.conversations().get(0).lines()).noneMatch(l -> l.startsWith("AUTH"));
        }
    }

    @Test
    void a235BeforeTheLoginPasswordWasSentIsAFailure() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH LOGIN");
            c.expect("AUTH LOGIN");
            c.reply("334 " + b64("Username:"));
            assertThat(c.readLine()).isEqualTo(b64("alice"));
            c.reply("235 2.7.0 Authentication successful");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() -> Smtp.start(clearText(server)
                            .auth("alice", "secret", AuthMechanism.LOGIN)
                            .build()))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("before the exchange was complete")
                    .hasMessageNotContaining("secret");
            server.verify();
        }
    }

    @Test
    void a235BeforeTheCramMd5ChallengeWasAnsweredIsAFailure() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH CRAM-MD5");
            c.expect("AUTH CRAM-MD5");
            c.reply("235 2.7.0 ok");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() -> Smtp.start(clearText(server)
                            .auth("alice", "secret", AuthMechanism.CRAM_MD5)
                            .build()))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("before the exchange was complete");
            server.verify();
        }
    }

    @Test
    void oauthBearerIsPreferredAndSentAsRfc7628Says() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH XOAUTH2 OAUTHBEARER");
            // RFC 7628 section 3.1: gs2-header "n,a=<saslname>," then ^A-separated pairs; ',' and
            // '=' in the name are escaped (RFC 5801 section 4).
            c.expect("AUTH OAUTHBEARER " + b64("n,a=me=2Cx=3Dy@example.com,\u0001auth=Bearer tok\u0001\u0001"));
            c.reply("235 2.7.0 Accepted");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            List<String> transcript = new ArrayList<>();
            try (SmtpSession s = Smtp.start(clearText(server)
                    .oauth2("me,x=y@example.com", () -> "tok")
                    .transcript(transcript::add)
                    .build())) {
                assertThat(s.isEncrypted()).isFalse();
            }
            server.verify();
            assertThat(String.join("\n", transcript))
                    .doesNotContain("tok\u0001", b64("tok"))
                    .contains("OAUTHBEARER");
        }
    }

    @Test
    void oauthBearersErrorChallengeIsAcknowledgedWithControlAAndReported() throws Exception {
        String json = "{\"status\":\"invalid_token\",\"scope\":\"mail\"}";
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH OAUTHBEARER");
            c.expect("AUTH OAUTHBEARER ");
            c.reply("334 " + b64(json));
            assertThat(c.readLine()).isEqualTo(b64("\u0001"));
            c.reply("535 5.7.8 Authentication credentials invalid");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() -> Smtp.start(clearText(server)
                            .oauth2("me@example.com", () -> "expired", AuthMechanism.OAUTHBEARER)
                            .build()))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("invalid_token")
                    .hasMessageContaining("535 5.7.8")
                    .hasMessageNotContaining("expired");
            server.verify();
        }
    }

    @Test
    void withOnlyXoauth2OfferedATokenGoesByXoauth2() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH LOGIN XOAUTH2");
            c.expect("AUTH XOAUTH2 " + b64("user=me@example.com\u0001auth=Bearer tok\u0001\u0001"));
            c.reply("235 2.7.0 Accepted");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            Smtp.start(clearText(server).oauth2("me@example.com", () -> "tok").build())
                    .close();
            server.verify();
        }
    }

    @Test
    void scramPlusBindsTheLoginToTheServersCertificate() throws Exception {
        dev.netsmtp.testing.TestCertificates cert = dev.netsmtp.testing.TestCertificates.selfSigned("mail.test");
        byte[] endPoint = java.security.MessageDigest.getInstance("SHA-256")
                .digest(cert.trustStore().getCertificate("server").getEncoded());
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.startTls(cert.serverContext());
            c.greetAndEhlo("AUTH PLAIN SCRAM-SHA-256 SCRAM-SHA-256-PLUS");
            String first = new String(
                    Base64.getDecoder()
                            .decode(c.expect("AUTH SCRAM-SHA-256-PLUS ").substring(24)),
                    StandardCharsets.UTF_8);
            assertThat(first).startsWith("p=tls-server-end-point,,n=alice,r=");
            String nonce = first.substring(first.indexOf(",r=") + 3);
            c.reply("334 " + b64("r=" + nonce + "srv,s=QSXCR+Q6sek8bf92,i=4096"));
            String clientFinal = new String(Base64.getDecoder().decode(c.readLine()), StandardCharsets.UTF_8);
            byte[] cbind = Base64.getDecoder().decode(clientFinal.substring(2, clientFinal.indexOf(',')));
            byte[] gs2 = "p=tls-server-end-point,,".getBytes(StandardCharsets.US_ASCII);
            assertThat(java.util.Arrays.copyOfRange(cbind, gs2.length, cbind.length))
                    .isEqualTo(endPoint);
            c.reply("535 5.7.8 Authentication credentials invalid");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() -> Smtp.start(SmtpConfig.builder()
                            .host(server.host())
                            .port(server.port())
                            .tls(TlsMode.IMPLICIT)
                            .sslContext(dev.netsmtp.tls.TlsSettings.trusting(cert.trustStore()))
                            .tlsHostname("mail.test")
                            .auth("alice", "secret")
                            .readTimeout(Duration.ofSeconds(5))
                            .build()))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("535");
            server.verify();
        }
    }

    @Test
    void aScramServerThatCannotProveThePasswordIsRefusedAndTheExchangeCancelled() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH SCRAM-SHA-256");
            SecurityEdgesTests.scramServerFirst(c, "AUTH SCRAM-SHA-256 ", "i=4096");
            c.readLine();
            // An impostor: it cannot compute the server signature, and says success anyway.
            c.reply("334 " + b64("v=" + Base64.getEncoder().encodeToString(new byte[32])));
            assertThat(c.readLine()).isEqualTo("*");
            c.reply("501 5.7.0 cancelled");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            assertThatThrownBy(() ->
                            Smtp.start(clearText(server).auth("alice", "secret").build()))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .hasMessageContaining("does not know the password");
            server.verify();
        }
    }

    @Test
    void aMechanismThatTakesNoTokenIsRefusedForOauth2() {
        assertThatThrownBy(() -> SmtpConfig.builder().host("h").oauth2("me", () -> "t", AuthMechanism.PLAIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PLAIN does not take an OAuth2 token");
    }
}
