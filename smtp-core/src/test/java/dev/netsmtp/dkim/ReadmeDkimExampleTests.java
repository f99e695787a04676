/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.SmtpTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's plain-Java DKIM block, as it stands, with its two PEM files made here; each of its
 * lines is checked to be in this test.
 */
class ReadmeDkimExampleTests {

    private static Path pem(Path dir, String name, byte[] pkcs8) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(
                file,
                "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs8)
                        + "\n-----END PRIVATE KEY-----\n");
        return file;
    }

    @Test
    void theReadmeBlockBuildsASigningTemplate(@TempDir Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        Path rsaPem = pem(dir, "rsa.pem", g.generateKeyPair().getPrivate().getEncoded());
        Path edPem = pem(
                dir,
                "ed.pem",
                KeyPairGenerator.getInstance("Ed25519")
                        .generateKeyPair()
                        .getPrivate()
                        .getEncoded());
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                SmtpConfig.builder().host("127.0.0.1").port(9).build(), PoolConfig.defaults())) {
            DkimSigner signer = DkimSigner.builder()
                    .key(DkimKey.fromPem("example.com", "mail2026", rsaPem))
                    .key(DkimKey.fromPem("example.com", "ed2026", edPem))
                    .build();
            SmtpTemplate template = SmtpTemplate.builder(pool).dkim(signer).build();
            assertThat(template).isNotNull();
            assertThat(signer.keys())
                    .extracting(DkimKey::algorithm)
                    .containsExactly(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256);
        }
    }

    @Test
    void everyLineOfTheReadmeBlockIsInThisTest() throws Exception {
        String readme = Files.readString(Path.of("..", "docs", "dkim.md"));
        int start = readme.indexOf("DkimSigner signer = DkimSigner.builder()");
        String block = readme.substring(start, readme.indexOf("```", start));
        String source = Files.readString(Path.of("src/test/java/dev/netsmtp/dkim/ReadmeDkimExampleTests.java"))
                .replaceAll("\\s+", "");
        for (String line : block.split("\n")) {
            if (!line.isBlank()) {
                assertThat(source).as(line).contains(line.replaceAll("\\s+", ""));
            }
        }
    }
}
