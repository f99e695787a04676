/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * IDNA2008 with UTS #46 non-transitional processing: the forms registries and MTAs use, never
 * IDNA2003's mapping to another domain. The expected A-labels are UTS #46's and RFC 5892's own
 * examples where they give one.
 */
class IdnaTests {

    @Test
    void deviationCharactersKeepTheirOwnDomain() {
        // IDNA2003 (java.net.IDN) gives fass.de and xn--nxasmq6b.com: other registrable domains.
        assertThat(SmtpSyntax.asciiDomain("faß.de")).isEqualTo("xn--fa-hia.de");
        assertThat(SmtpSyntax.asciiDomain("βόλος.com")).isEqualTo("xn--nxasmm1c.com");
        // ZWNJ in Persian and ZWJ after a virama (RFC 5892 appendix A.1, A.2) stay, where IDNA2003 drops them.
        assertThat(SmtpSyntax.asciiDomain("نامه\u200cای.com")).isEqualTo("xn--mgba3gch31f060k.com");
        assertThat(SmtpSyntax.asciiDomain("क्\u200dष.example")).isEqualTo("xn--11b2ezcw70k.example");
    }

    @Test
    void caseATrailingDotAndALabelsAreTakenAsTheSameDomain() {
        assertThat(SmtpSyntax.asciiDomain("Faß.DE.")).isEqualTo("xn--fa-hia.de");
        assertThat(SmtpSyntax.asciiDomain("XN--FA-HIA.DE")).isEqualTo("xn--fa-hia.de");
        assertThat(SmtpSyntax.asciiDomain("example.com")).isEqualTo("example.com");
        assertThat(SmtpSyntax.asciiDomain("[192.0.2.1]")).isEqualTo("[192.0.2.1]");
    }

    @Test
    void aDomainWithoutAnIdna2008FormIsRefusedNamingIt() {
        assertThatThrownBy(() -> SmtpSyntax.asciiDomain("\ud83d\udca9.la"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+1F4A9")
                .hasMessageContaining("IDNA2008");
        assertThatThrownBy(() -> SmtpSyntax.asciiDomain("a\u200db.example")).hasMessageContaining("CONTEXTJ");
        assertThatThrownBy(() -> SmtpSyntax.asciiDomain("xn--a.example")).hasMessageContaining("INVALID_ACE_LABEL");
        assertThatThrownBy(() -> Envelope.of("app@example.com", "info@\ud83d\udca9.la"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("info@\ud83d\udca9.la");
    }

    @Test
    void anAddressGetsItsDomainsAsciiFormOnlyWhenItsLocalPartIsAscii() {
        assertThat(SmtpSyntax.asciiDomainForm("info@faß.de")).contains("info@xn--fa-hia.de");
        assertThat(SmtpSyntax.asciiDomainForm("jörg@faß.de")).isEmpty();
        assertThat(Envelope.of("a@bücher.example", "info@faß.de")
                        .asciiDomainForm()
                        .orElseThrow()
                        .toString())
                .contains("a@xn--bcher-kva.example")
                .contains("info@xn--fa-hia.de");
    }
}
