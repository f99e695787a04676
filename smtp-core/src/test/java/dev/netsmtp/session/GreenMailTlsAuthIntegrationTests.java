/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.auth.AuthMechanism;
import dev.netsmtp.testing.GreenMailSmtps;
import dev.netsmtp.tls.TlsMode;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Implicit TLS and AUTH against GreenMail's SMTPS server, presenting a certificate made in the test. */
class GreenMailTlsAuthIntegrationTests {

    private static GreenMailSmtps smtps;
    private static GreenMail greenMail;
    private static SSLContext trust;

    @BeforeAll
    static void startSmtps() throws Exception {
        smtps = GreenMailSmtps.start("user@example.com", "user", "s3cret-Passw0rd");
        greenMail = smtps.greenMail();
        trust = smtps.trust();
    }

    @AfterAll
    static void stop() throws Exception {
        smtps.close();
    }

    @BeforeEach
    void purge() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    private static SmtpConfig.Builder config() {
        return SmtpConfig.builder()
                .host("127.0.0.1")
                .port(greenMail.getSmtps().getPort())
                .tls(TlsMode.IMPLICIT)
                .sslContext(trust);
    }

    @Test
    void sendsOverImplicitTlsWithAuthPlainAndLogin() throws Exception {
        for (AuthMechanism mechanism : List.of(AuthMechanism.PLAIN, AuthMechanism.LOGIN)) {
            List<String> transcript = new ArrayList<>();
            SmtpConfig cfg = config().auth("user", "s3cret-Passw0rd", mechanism)
                    .transcript(transcript::add)
                    .build();
            try (SmtpSession s = Smtp.start(cfg)) {
                assertThat(s.isEncrypted()).isTrue();
                s.sendMessage(
                        "Subject: " + mechanism.name() + "\r\n\r\nover TLS\r\n", "user@example.com", "to@example.com");
            }
            assertThat(String.join("\n", transcript)).doesNotContain("s3cret-Passw0rd");
            assertThat(transcript).anyMatch(l -> l.contains("authenticated as user with " + mechanism.name()));
        }
        assertThat(greenMail.getReceivedMessages())
                .extracting(m -> m.getSubject())
                .containsExactly("PLAIN", "LOGIN");
        assertThat(GreenMailUtil.getBody(greenMail.getReceivedMessages()[0]).trim())
                .isEqualTo("over TLS");
    }

    @Test
    void wrongPasswordIsAnAuthenticationError() {
        SmtpConfig cfg = config().auth("user", "not-the-password").build();
        assertThatThrownBy(() -> Smtp.start(cfg))
                .isInstanceOf(SmtpAuthenticationException.class)
                .hasMessageContaining("535")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void readmeSettingsForPort465WithTheStrongestMechanismChosen() throws Exception {
        SmtpConfig cfg = SmtpConfig.builder()
                .host("127.0.0.1")
                .port(greenMail.getSmtps().getPort()) // 465 is the default with IMPLICIT
                .tls(TlsMode.IMPLICIT)
                .sslContext(trust)
                .auth("user", "s3cret-Passw0rd")
                .build();
        Smtp.start(cfg, s -> s.sendMessage("Subject: 465\r\n\r\nhi\r\n", "user@example.com", "to@example.com"));
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void hostNameMismatchFailsAgainstARealServer() {
        SmtpConfig cfg = config().tlsHostname("smtp.elsewhere.example").build();
        assertThatThrownBy(() -> Smtp.start(cfg))
                .isInstanceOf(dev.netsmtp.SmtpTlsException.class)
                .hasMessageContaining("smtp.elsewhere.example");
    }
}
