/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.tls.TlsMode;
import org.junit.jupiter.api.Test;

/** docs/tls-and-auth.md's configurations, as they stand there: what each sets. */
class TlsAndAuthDocsTests {

    private final String password = "s3cret";

    @Test
    void submissionWithStartTls() {
        SmtpConfig config = SmtpConfig.builder()
                .host("smtp.example.com")
                .port(587)
                .tls(TlsMode.STARTTLS_REQUIRED)
                .auth("me@example.com", password) // System.getenv("SMTP_PASSWORD"), say
                .build();
        assertThat(config.port()).isEqualTo(587);
        assertThat(config.tls().mode()).isEqualTo(TlsMode.STARTTLS_REQUIRED);
        assertThat(config.toString()).doesNotContain(password);
    }

    @Test
    void implicitTlsTakes465() {
        SmtpConfig config = SmtpConfig.builder()
                .host("smtp.example.com")
                .tls(TlsMode.IMPLICIT)
                .auth("me@example.com", password) // System.getenv("SMTP_PASSWORD"), say
                .build();
        assertThat(config.port()).isEqualTo(465);
        assertThat(config.tls().mode()).isEqualTo(TlsMode.IMPLICIT);
    }
}
