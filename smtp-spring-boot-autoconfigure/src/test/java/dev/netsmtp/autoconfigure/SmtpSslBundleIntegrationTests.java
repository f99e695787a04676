/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.netsmtp.SendResult;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.GreenMailSmtps;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** smtp.ssl.bundle wires a Spring SSL bundle's trust material into implicit TLS, against GreenMail SMTPS. */
class SmtpSslBundleIntegrationTests {

    private static GreenMailSmtps smtps;
    private static GreenMail greenMail;
    private static Path trustStore;

    @BeforeAll
    static void start() throws Exception {
        smtps = GreenMailSmtps.start("app@example.com", "app", "s3cret");
        greenMail = smtps.greenMail();
        trustStore = smtps.trustStoreFile();
    }

    @AfterAll
    static void stop() throws Exception {
        smtps.close();
    }

    @Test
    void implicitTlsTrustsTheBundleAndAuthenticates() {
        int before = greenMail.getReceivedMessages().length;
        bundleRunner("spring.ssl.bundle.jks.mail.truststore.location=file:" + trustStore)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SendResult result = context.getBean(SmtpTemplate.class)
                            .send("app@example.com", List.of("to@example.com"), "Subject: bundle\r\n\r\nhi\r\n");
                    assertThat(result.reply().code()).isEqualTo(250);
                });
        assertThat(greenMail.getReceivedMessages()).hasSize(before + 1);
    }

    private static ApplicationContextRunner bundleRunner(String... more) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SmtpAutoConfiguration.class))
                .withPropertyValues(
                        "spring.ssl.bundle.jks.mail.truststore.password=changeit",
                        "spring.ssl.bundle.jks.mail.truststore.type=PKCS12",
                        "smtp.host=127.0.0.1",
                        "smtp.port=" + greenMail.getSmtps().getPort(),
                        "smtp.tls.mode=implicit",
                        "smtp.ssl.bundle=mail",
                        "smtp.retry.max-attempts=1",
                        "smtp.auth.username=app",
                        "smtp.auth.password=s3cret")
                .withPropertyValues(more);
    }

    private static void writeTrustStore(java.security.KeyStore store, Path file) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var out = java.nio.file.Files.newOutputStream(tmp)) {
            store.store(out, "changeit".toCharArray());
        }
        java.nio.file.Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void anUntrustedCertificateNamesTheBundleAndAReloadedBundleIsUsedByTheNextConnection(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("trust.p12");
        writeTrustStore(
                dev.netsmtp.testing.TestCertificates.selfSigned("other.example").trustStore(), file);
        bundleRunner(
                        "spring.ssl.bundle.jks.mail.truststore.location=file:" + file,
                        "spring.ssl.bundle.jks.mail.reload-on-update=true",
                        "spring.ssl.bundle.watch.file.quiet-period=50ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SmtpTemplate template = context.getBean(SmtpTemplate.class);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> template.send(
                                    "app@example.com", List.of("to@example.com"), "Subject: 1\r\n\r\nhi\r\n"))
                            .isInstanceOf(dev.netsmtp.SmtpTlsException.class)
                            .hasMessageContaining("the server's certificate is not trusted: set smtp.ssl.bundle")
                            .hasMessageNotContaining("sslContext(");

                    java.nio.file.Files.copy(trustStore, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    long until =
                            System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
                    SendResult sent = null;
                    while (sent == null) {
                        try {
                            sent = template.send(
                                    "app@example.com", List.of("to@example.com"), "Subject: 2\r\n\r\nhi\r\n");
                        } catch (dev.netsmtp.SmtpTlsException stillOld) {
                            if (System.nanoTime() > until) {
                                throw stillOld;
                            }
                            Thread.sleep(100);
                        }
                    }
                    assertThat(sent.reply().code()).isEqualTo(250);
                });
    }

    @Test
    void theBundlesEnabledProtocolsAreTheOnesOffered() {
        List<String> protocols = new java.util.concurrent.CopyOnWriteArrayList<>();
        bundleRunner(
                        "spring.ssl.bundle.jks.mail.truststore.location=file:" + trustStore,
                        "spring.ssl.bundle.jks.mail.options.enabled-protocols=TLSv1.2")
                .withBean(dev.netsmtp.event.SmtpListener.class, () -> new dev.netsmtp.event.SmtpListener() {
                    @Override
                    public void tlsEstablished(String protocol) {
                        protocols.add(protocol);
                    }
                })
                .run(context -> {
                    context.getBean(SmtpTemplate.class)
                            .send("app@example.com", List.of("to@example.com"), "Subject: p\r\n\r\nhi\r\n");
                    assertThat(protocols).containsExactly("TLSv1.2");
                });
    }

    @Test
    void aBundleProtocolBelowTls12IsRefusedAtStartNamingTheBundleKey() {
        bundleRunner(
                        "spring.ssl.bundle.jks.mail.truststore.location=file:" + trustStore,
                        "spring.ssl.bundle.jks.mail.options.enabled-protocols=TLSv1.1")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("TLS 1.2 is the floor");
                    Throwable t = context.getStartupFailure();
                    while (!(t instanceof InvalidSmtpPropertyException) && t.getCause() != null) {
                        t = t.getCause();
                    }
                    assertThat(((InvalidSmtpPropertyException) t).property())
                            .isEqualTo("spring.ssl.bundle.*.mail.options.enabled-protocols");
                });
    }
}
