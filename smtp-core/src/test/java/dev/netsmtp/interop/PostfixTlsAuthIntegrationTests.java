/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.EnhancedStatusCode;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.SmtpUnsupportedCommandException;
import dev.netsmtp.auth.AuthMechanism;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.testing.Await;
import dev.netsmtp.testing.PostfixInstance;
import dev.netsmtp.tls.TlsMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * STARTTLS, implicit TLS, certificate checks and every AUTH mechanism against a real Postfix
 * (Cyrus SASL): what it stored, what it logged.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostfixTlsAuthIntegrationTests {

    @RegisterExtension
    static final PostfixClients POSTFIX = new PostfixClients();

    @Test
    void requiredStartTlsWithATrustedCertificateAndAuthPlainDelivers() throws Exception {
        String id = PostfixClients.id();
        SendResult result;
        try (SmtpSession s = Smtp.start(POSTFIX.starttls()
                .auth(PostfixInstance.USER, PostfixInstance.PASSWORD, AuthMechanism.PLAIN)
                .build())) {
            assertThat(s.isEncrypted()).isTrue();
            assertThat(s.capabilities().authMechanisms())
                    .contains("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256", "SCRAM-SHA-1");
            result = s.sendMessage(
                    PostfixClients.message(id, "over STARTTLS\r\n"), "sender@example.com", "rcpt@example.com");
        }
        assertThat(POSTFIX.delivered(id)).contains("Delivered-To: rcpt@example.com", "over STARTTLS");
        String queueId = PostfixClients.queueIdIn(result);
        assertThat(result.reply().enhancedStatusCode()).contains(new EnhancedStatusCode(2, 0, 0));
        assertThat(POSTFIX.postfix().log())
                .contains("sasl_method=PLAIN, sasl_username=alice")
                .containsPattern("TLS connection established from localhost\\[127.0.0.1\\]")
                .contains(queueId + ": client=localhost[127.0.0.1], sasl_method=PLAIN");
    }

    @Test
    void scramIsChosenByDefaultAndProvesThePasswordToCyrusSasl() throws Exception {
        String id = PostfixClients.id();
        List<String> transcript = new ArrayList<>();
        try (SmtpSession s = Smtp.start(POSTFIX.starttls()
                .auth(PostfixInstance.USER, PostfixInstance.PASSWORD)
                .transcript(transcript::add)
                .build())) {
            s.sendMessage(PostfixClients.message(id, "after SCRAM\r\n"), "sender@example.com", "rcpt@example.com");
        }
        assertThat(POSTFIX.delivered(id)).contains("after SCRAM");
        // Postfix's Cyrus SASL offers no -PLUS form: SCRAM-SHA-256, with the "y" flag.
        assertThat(POSTFIX.postfix().log()).contains("sasl_method=SCRAM-SHA-256, sasl_username=alice");
        assertThat(transcript).anyMatch(l -> l.contains("authenticated as alice with SCRAM-SHA-256"));
        assertThat(String.join("\n", transcript)).doesNotContain(PostfixInstance.PASSWORD);

        int failuresBefore = countOf(POSTFIX.postfix().log(), "authentication failed");
        assertThatThrownBy(() -> Smtp.start(POSTFIX.starttls()
                        .auth(PostfixInstance.USER, "not-the-password", AuthMechanism.SCRAM_SHA_1)
                        .build()))
                .isInstanceOf(SmtpAuthenticationException.class)
                .hasMessageNotContaining("not-the-password");
        // One failed login is one attempt: no cascade through the other mechanisms.
        Await.until(() -> countOf(POSTFIX.postfix().log(), "authentication failed") > failuresBefore);
        assertThat(countOf(POSTFIX.postfix().log(), "authentication failed")).isEqualTo(failuresBefore + 1);
    }

    private static int countOf(String text, String piece) {
        int n = 0;
        for (int i = text.indexOf(piece); i >= 0; i = text.indexOf(piece, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void opportunisticStartTlsUpgrades() throws Exception {
        try (SmtpSession s = Smtp.start(POSTFIX.plain()
                .tls(TlsMode.STARTTLS)
                .sslContext(POSTFIX.trust())
                .tlsHostname("mail.test")
                .build())) {
            assertThat(s.isEncrypted()).isTrue();
            assertThat(s.capabilities().supportsStartTls()).isFalse(); // the post-TLS EHLO
        }
    }

    @Test
    void untrustedCertificateIsRefused() {
        SmtpConfig cfg = POSTFIX.plain().tls(TlsMode.STARTTLS_REQUIRED).build(); // JDK trust store only
        assertThatThrownBy(() -> Smtp.start(cfg)).isInstanceOf(SmtpTlsException.class);
    }

    @Test
    void implicitTlsWithAuthLoginAndCramMd5Delivers() throws Exception {
        for (AuthMechanism mechanism : List.of(AuthMechanism.LOGIN, AuthMechanism.CRAM_MD5)) {
            String id = PostfixClients.id();
            SmtpConfig cfg = POSTFIX.plain()
                    .port(POSTFIX.postfix().smtpsPort())
                    .tls(TlsMode.IMPLICIT)
                    .sslContext(POSTFIX.trust())
                    .tlsHostname("mail.test")
                    .auth(PostfixInstance.USER, PostfixInstance.PASSWORD, mechanism)
                    .build();
            Smtp.start(
                    cfg,
                    s -> s.sendMessage(
                            PostfixClients.message(id, "implicit TLS\r\n"), "sender@example.com", "rcpt@example.com"));
            assertThat(POSTFIX.delivered(id)).contains("implicit TLS");
            assertThat(POSTFIX.postfix().log()).contains("sasl_method=" + mechanism.name() + ", sasl_username=alice");
        }
    }

    @Test
    void byDefaultAMessageGoesOverVerifiedStartTlsWhenOffered() throws Exception {
        String id = PostfixClients.id();
        try (SmtpSession s = Smtp.start(POSTFIX.defaults()
                .sslContext(POSTFIX.trust())
                .tlsHostname("mail.test")
                .build())) {
            assertThat(s.isEncrypted()).isTrue();
            s.sendMessage(
                    PostfixClients.message(id, "encrypted by default\r\n"), "sender@example.com", "rcpt@example.com");
        }
        assertThat(POSTFIX.delivered(id)).contains("encrypted by default");
        assertThat(POSTFIX.postfix().log()).containsPattern("TLS connection established from localhost\\[127.0.0.1\\]");
    }

    @Test
    void byDefaultACertificateTheClientCannotVerifyFailsTheSessionInsteadOfFallingBackToClearText() throws Exception {
        int before = POSTFIX.postfix().deliveredCount();
        // Postfix's certificate is self-signed: not in the JDK's trust store.
        assertThatThrownBy(() -> Smtp.start(POSTFIX.defaults().build()))
                .isInstanceOf(SmtpTlsException.class)
                .hasMessageContaining("PKIX");
        // With its certificate trusted, or with verification off by name, the same server works.
        try (SmtpSession s = Smtp.start(POSTFIX.defaults().tlsVerify(false).build())) {
            assertThat(s.isEncrypted()).isTrue();
        }
        assertThat(POSTFIX.postfix().deliveredCount()).isEqualTo(before);
    }

    @Test
    void authIsNotOfferedWithoutTlsAndAWrongPasswordIsAnAuthenticationError() {
        SmtpConfig noTls = POSTFIX.plain()
                .auth(PostfixInstance.USER, PostfixInstance.PASSWORD)
                .allowAuthWithoutTls(true)
                .build();
        assertThatThrownBy(() -> Smtp.start(noTls))
                .isInstanceOf(SmtpUnsupportedCommandException.class)
                .hasMessageContaining("does not advertise AUTH");
        SmtpConfig wrong = POSTFIX.starttls()
                .auth(PostfixInstance.USER, "not-the-password")
                .build();
        assertThatThrownBy(() -> Smtp.start(wrong))
                .isInstanceOf(SmtpAuthenticationException.class)
                .hasMessageContaining("535 5.7.8")
                .hasMessageNotContaining("not-the-password");
        assertThat(POSTFIX.postfix().log()).contains("authentication failed");
    }
}
