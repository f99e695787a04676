/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.dkim.Canonicalization;
import dev.netsmtp.dkim.DkimKey;
import dev.netsmtp.dkim.DkimSigner;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.testing.DkimVerifiers;
import dev.netsmtp.testing.TxtDns;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end through Postfix: a message signed by netsmtp (RSA and Ed25519, relaxed and simple
 * bodies), sent over BDAT and over DATA (leading dots: dot-stuffing happens after signing), as
 * Postfix stored it in its Maildir with its own Received header added, still verifies with both
 * independent verifiers.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostfixDkimIntegrationTests {

    @RegisterExtension
    static final PostfixClients POSTFIX = new PostfixClients();

    @Test
    void whatPostfixStoredStillVerifiesWithBothVerifiers() throws Exception {
        DkimVerifiers.assumeAvailable();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair rsa = g.generateKeyPair();
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = ed.getPublic().getEncoded();
        Map<String, String> records = Map.of(
                "rsa._domainkey.example.com",
                "v=DKIM1; k=rsa; p="
                        + Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded()),
                "ed._domainkey.example.com",
                "v=DKIM1; k=ed25519; p="
                        + Base64.getEncoder()
                                .encodeToString(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
        try (TxtDns dns = new TxtDns("127.0.0.154")) {
            records.forEach(dns::put);
            for (Canonicalization body : Canonicalization.values()) {
                for (boolean chunking : new boolean[] {true, false}) {
                    String id = PostfixClients.id();
                    DkimSigner signer = DkimSigner.builder()
                            .key(DkimKey.of("example.com", "rsa", rsa.getPrivate()))
                            .key(DkimKey.of("example.com", "ed", ed.getPrivate()))
                            .canonicalization(Canonicalization.RELAXED, body)
                            .build();
                    byte[] signed = signer.sign(PostfixClients.message(id, ".a leading dot\r\nGrüße\r\n\r\n")
                            .replace("From: sender@example.com", "From: Shop <sender@example.com>")
                            .getBytes(StandardCharsets.UTF_8));
                    try (SmtpSession s =
                            Smtp.start(POSTFIX.plain().chunking(chunking).build())) {
                        s.sendMessage(signed, "sender@example.com", "rcpt@example.com");
                    }
                    byte[] stored = POSTFIX.postfix()
                            .awaitMessageContaining("<" + id + "@netsmtp.test>", Duration.ofSeconds(30))
                            .getBytes(StandardCharsets.UTF_8);
                    String what = body + (chunking ? ", BDAT" : ", DATA");
                    assertThat(new String(stored, StandardCharsets.UTF_8))
                            .as(what)
                            .contains("Received: from");
                    DkimVerifiers.Verdict py = DkimVerifiers.dkimpy(stored, records);
                    assertThat(py.ok()).as("dkimpy, %s: %s", what, py.output()).isTrue();
                    DkimVerifiers.Verdict od = DkimVerifiers.opendkim(stored, dns);
                    assertThat(od.ok())
                            .as("opendkim, %s: %s", what, od.output())
                            .isTrue();
                }
            }
        }
    }
}
