/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the signer refuses before anything is written, and what it writes: a key under 1024 bits,
 * a key of another algorithm than configured, PKCS#1 or encrypted PEM, a message without From;
 * the tags (t=, x=, no l= unless asked, From over-signed), the key never shown; and the stream
 * path giving the same signature as the in-memory one.
 */
class DkimSignerTests {

    private static final byte[] MESSAGE =
            "From: a@example.com\r\nSubject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void keysThatMustNotSignAreRefusedNamingWhy() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(768);
        assertThatThrownBy(() ->
                        DkimKey.of("example.com", "s1", rsa.generateKeyPair().getPrivate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("768 bits")
                .hasMessageContaining("RFC 8301");
        DkimKey ed = DkimKey.of(
                "example.com",
                "s1",
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate());
        assertThatThrownBy(() -> ed.expecting(DkimAlgorithm.RSA_SHA256))
                .hasMessageContaining("is ed25519-sha256 but rsa-sha256 is configured");
        assertThatThrownBy(() -> DkimKey.fromPem("example.com", "s1", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"))
                .hasMessageContaining("PKCS#1")
                .hasMessageContaining("openssl pkcs8");
        assertThatThrownBy(() -> DkimKey.fromPem("example.com", "s1", "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"))
                .hasMessageContaining("encrypted");
        assertThatThrownBy(() -> DkimKey.of("exa mple.com", "s1", ed.privateKey()))
                .hasMessageContaining("domain");
        assertThat(ed.toString())
                .contains("s1._domainkey.example.com")
                .doesNotContain(Base64.getEncoder()
                        .encodeToString(ed.privateKey().getEncoded())
                        .substring(0, 20));
    }

    @Test
    void aMessageWithoutFromIsRefusedBeforeAnythingIsWritten() throws Exception {
        DkimSigner signer = DkimSigner.builder()
                .key(DkimKey.of(
                        "example.com",
                        "s1",
                        KeyPairGenerator.getInstance("Ed25519")
                                .generateKeyPair()
                                .getPrivate()))
                .build();
        assertThatThrownBy(() -> signer.sign("Subject: no from\r\n\r\nbody\r\n".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no From header");
        assertThatThrownBy(() -> DkimSigner.builder().build()).hasMessageContaining("at least one key");
        assertThatThrownBy(() -> DkimSigner.builder()
                        .key(DkimKey.of(
                                "example.com",
                                "s1",
                                KeyPairGenerator.getInstance("Ed25519")
                                        .generateKeyPair()
                                        .getPrivate()))
                        .headers(java.util.List.of("Subject"))
                        .build())
                .hasMessageContaining("must include From");
    }

    @Test
    void theTagsAreAsDocumentedAndTheStreamSignsAsMemoryDoes(@TempDir Path dir) throws Exception {
        Clock fixed = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
        DkimSigner signer = DkimSigner.builder()
                .key(DkimKey.of(
                        "example.com",
                        "s1",
                        KeyPairGenerator.getInstance("Ed25519")
                                .generateKeyPair()
                                .getPrivate()))
                .expiry(Duration.ofDays(7))
                .clock(fixed)
                .build();
        String signed = new String(signer.sign(MESSAGE), StandardCharsets.US_ASCII);
        assertThat(signed)
                .startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com; s=s1;")
                .contains("t=1796644800; x=1797249600;", "h=from:subject:from;")
                .doesNotContain("l=");
        try (SignedMessage streamed = signer.sign(new java.io.ByteArrayInputStream(MESSAGE), dir)) {
            byte[] fromStream = streamed.open().readAllBytes();
            // Ed25519 signatures are deterministic (RFC 8032): one pass over the stream signs the same.
            assertThat(new String(fromStream, StandardCharsets.US_ASCII)).isEqualTo(signed);
            assertThat(streamed.size()).isEqualTo(fromStream.length);
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        String withLength = new String(
                DkimSigner.builder()
                        .key(signer.keys().get(0))
                        .bodyLength(true)
                        .build()
                        .sign(MESSAGE),
                StandardCharsets.US_ASCII);
        assertThat(withLength).contains("l=6;");
    }
}
