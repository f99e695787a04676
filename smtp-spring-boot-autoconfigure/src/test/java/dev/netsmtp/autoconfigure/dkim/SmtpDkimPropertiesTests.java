/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.autoconfigure.InvalidSmtpPropertyException;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.SmtpConfigCustomizer;
import dev.netsmtp.autoconfigure.mail.SmtpJavaMailSenderAutoConfiguration;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.test.ReceivedMessage;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.testing.DkimVerifiers;
import dev.netsmtp.tls.TlsSettings;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * {@code smtp.dkim.*}: a key from a file or from a PEM SSL bundle signs every message the template
 * and the {@code JavaMailSender} bridge send, and dkimpy verifies what the server stored; a
 * missing selector, a key of the wrong algorithm, one too short, one that cannot be read fail at
 * start-up naming the property.
 */
@Timeout(120)
class SmtpDkimPropertiesTests {

    private static SmtpTestServer server;
    private static KeyPair ed;

    @TempDir
    static Path dir;

    private static Path edPem;

    @BeforeAll
    static void start() throws Exception {
        server = SmtpTestServer.builder().start();
        ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        edPem = dir.resolve("dkim-ed.pem");
        Files.writeString(
                edPem,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(ed.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private ApplicationContextRunner runner(String... more) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SslAutoConfiguration.class,
                        SmtpDkimAutoConfiguration.class,
                        SmtpAutoConfiguration.class,
                        SmtpJavaMailSenderAutoConfiguration.class,
                        MailSenderAutoConfiguration.class))
                .withBean(
                        SmtpConfigCustomizer.class, () -> b -> b.sslContext(TlsSettings.trusting(server.trustStore())))
                .withPropertyValues("smtp.host=localhost", "smtp.port=" + server.port())
                .withPropertyValues(more);
    }

    private static Map<String, String> edRecord() {
        byte[] spki = ed.getPublic().getEncoded();
        return Map.of(
                "ed2026._domainkey.example.com",
                "v=DKIM1; k=ed25519; p="
                        + Base64.getEncoder()
                                .encodeToString(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
    }

    @Test
    void theTemplateAndTheJavaMailSenderSignWithTheKeyFile() throws Exception {
        DkimVerifiers.assumeAvailable();
        runner("smtp.dkim.domain=example.com", "smtp.dkim.selector=ed2026", "smtp.dkim.private-key=file:" + edPem)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(SmtpTemplate.class)
                            .send(
                                    "shop@example.com",
                                    List.of("ann@example.net"),
                                    "From: shop@example.com\r\nTo: ann@example.net\r\nSubject: dkim template\r\n\r\nhi\r\n");
                    JavaMailSender mail = context.getBean(JavaMailSender.class);
                    MimeMessage m = mail.createMimeMessage();
                    MimeMessageHelper h = new MimeMessageHelper(m, "UTF-8");
                    h.setFrom("shop@example.com");
                    h.setTo("ann@example.net");
                    h.setSubject("dkim bridge");
                    h.setText("Grüße");
                    mail.send(m);
                });
        for (String subject : List.of("dkim template", "dkim bridge")) {
            ReceivedMessage stored = server.messagesWithSubject(subject).get(0);
            assertThat(stored.rawText()).as(subject).startsWith("DKIM-Signature: v=1; a=ed25519-sha256;");
            DkimVerifiers.Verdict v = DkimVerifiers.dkimpy(stored.raw(), edRecord());
            assertThat(v.ok()).as("%s: %s", subject, v.output()).isTrue();
        }
    }

    @Test
    void aKeyFromAPemSslBundleSigns() throws Exception {
        DkimVerifiers.assumeAvailable();
        Process p = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "1",
                        "-subj",
                        "/CN=dkim",
                        "-keyout",
                        dir.resolve("rsa.pem").toString(),
                        "-out",
                        dir.resolve("rsa.crt").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile())
                .start();
        assertThat(p.waitFor()).isZero();
        byte[] spki = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(dir.resolve("rsa.crt")))
                .getPublicKey()
                .getEncoded();
        runner(
                        "spring.ssl.bundle.pem.dkim.keystore.certificate=file:" + dir.resolve("rsa.crt"),
                        "spring.ssl.bundle.pem.dkim.keystore.private-key=file:" + dir.resolve("rsa.pem"),
                        "smtp.dkim.domain=example.com",
                        "smtp.dkim.selector=rsa2026",
                        "smtp.dkim.key-bundle=dkim",
                        "smtp.dkim.algorithm=rsa-sha256")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(SmtpTemplate.class)
                            .send(
                                    "shop@example.com",
                                    List.of("ann@example.net"),
                                    "From: shop@example.com\r\nTo: ann@example.net\r\nSubject: dkim bundle\r\n\r\nhi\r\n");
                });
        ReceivedMessage stored = server.messagesWithSubject("dkim bundle").get(0);
        DkimVerifiers.Verdict v = DkimVerifiers.dkimpy(
                stored.raw(),
                Map.of(
                        "rsa2026._domainkey.example.com",
                        "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(spki)));
        assertThat(v.ok()).as(v.output()).isTrue();
    }

    @Test
    void theReadmesBlockStartsAnApplicationThatSigns() throws Exception {
        String readme = Files.readString(Path.of("..", "docs", "dkim.md"));
        int section = readme.indexOf("# DKIM signing");
        int start = readme.indexOf("```yaml\n", section) + 8;
        String yaml = readme.substring(start, readme.indexOf("```", start));
        org.springframework.beans.factory.config.YamlPropertiesFactoryBean factory =
                new org.springframework.beans.factory.config.YamlPropertiesFactoryBean();
        factory.setResources(new org.springframework.core.io.ByteArrayResource(yaml.getBytes()));
        java.util.List<String> props = new java.util.ArrayList<>();
        factory.getObject().forEach((k, v) -> props.add(k + "=" + v));
        assertThat(props)
                .contains(
                        "smtp.dkim.domain=example.com",
                        "smtp.dkim.selector=mail2026",
                        "smtp.dkim.private-key=file:/etc/app/dkim.pem");
        // As it stands but for where the key is: this machine has no /etc/app/dkim.pem.
        props.add("smtp.dkim.private-key=file:" + edPem);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SslAutoConfiguration.class, SmtpDkimAutoConfiguration.class, SmtpAutoConfiguration.class))
                .withPropertyValues(props.toArray(String[]::new))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(dev.netsmtp.dkim.DkimSigner.class)
                                    .keys())
                            .singleElement()
                            .satisfies(k -> assertThat(k.toString()).contains("mail2026._domainkey.example.com"));
                });
    }

    private static InvalidSmtpPropertyException failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable t = context.getStartupFailure();
        while (t != null && !(t instanceof InvalidSmtpPropertyException)) {
            t = t.getCause();
        }
        assertThat(t).as("%s", context.getStartupFailure()).isInstanceOf(InvalidSmtpPropertyException.class);
        return (InvalidSmtpPropertyException) t;
    }

    @Test
    void whatCannotSignFailsAtStartUpNamingTheProperty() throws Exception {
        runner("smtp.dkim.domain=example.com", "smtp.dkim.private-key=file:" + edPem)
                .run(c -> assertThat(failure(c).property()).isEqualTo("smtp.dkim.selector"));
        runner(
                        "smtp.dkim.domain=example.com",
                        "smtp.dkim.selector=s",
                        "smtp.dkim.private-key=file:" + edPem,
                        "smtp.dkim.algorithm=rsa-sha256")
                .run(c -> assertThat(failure(c).getMessage())
                        .contains("smtp.dkim.algorithm", "is ed25519-sha256 but rsa-sha256 is configured"));
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(768);
        Path weak = dir.resolve("weak.pem");
        Files.writeString(
                weak,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(
                                        small.generateKeyPair().getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        runner("smtp.dkim.domain=example.com", "smtp.dkim.selector=s", "smtp.dkim.private-key=file:" + weak)
                .run(c -> {
                    InvalidSmtpPropertyException e = failure(c);
                    assertThat(e.property()).isEqualTo("smtp.dkim.private-key");
                    assertThat(e.getMessage()).contains("768 bits").doesNotContain("BEGIN PRIVATE KEY");
                });
        runner("smtp.dkim.domain=example.com", "smtp.dkim.selector=s", "smtp.dkim.private-key=file:/nonexistent.pem")
                .run(c -> assertThat(failure(c).property()).isEqualTo("smtp.dkim.private-key"));
        runner(
                        "smtp.dkim.domain=example.com",
                        "smtp.dkim.selector=s",
                        "smtp.dkim.private-key=file:" + edPem,
                        "smtp.dkim.canonicalization=loose/relaxed")
                .run(c -> assertThat(failure(c).property()).isEqualTo("smtp.dkim.canonicalization"));
    }
}
