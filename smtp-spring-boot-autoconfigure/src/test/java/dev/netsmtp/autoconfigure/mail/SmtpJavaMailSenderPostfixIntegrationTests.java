/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.SmtpConfigCustomizer;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.testing.PostfixInstance;
import dev.netsmtp.tls.TlsSettings;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The unchanged JavaMailSender application against a real Postfix: STARTTLS required, AUTH as
 * alice, through the pool; what Postfix stored is read back and parsed, and its log shows the
 * TLS session and the login.
 */
@Timeout(120)
class SmtpJavaMailSenderPostfixIntegrationTests {

    private static PostfixInstance postfix;
    private static SSLContext trust;

    @BeforeAll
    static void startPostfix() throws Exception {
        PostfixInstance.assumeAvailable();
        postfix = PostfixInstance.start();
        trust = TlsSettings.trusting(postfix.trustStore());
    }

    @AfterAll
    static void stopPostfix() throws Exception {
        if (postfix != null) {
            postfix.close();
        }
    }

    @Test
    void mimeMessageHelperAndSimpleMessagesArriveWholeThroughPostfix() throws Exception {
        // The private Postfix delivers example.com to its Maildir; other domains would bounce.
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SslAutoConfiguration.class,
                        SmtpAutoConfiguration.class,
                        SmtpJavaMailSenderAutoConfiguration.class,
                        MailSenderAutoConfiguration.class))
                .withBean(SmtpConfigCustomizer.class, () -> b -> b.sslContext(trust))
                .withBean(ExistingMailCode.class)
                .withPropertyValues(
                        "smtp.host=127.0.0.1",
                        "smtp.port=" + postfix.smtpPort(),
                        "smtp.tls.mode=starttls-required",
                        "smtp.auth.username=" + PostfixInstance.USER,
                        "smtp.auth.password=" + PostfixInstance.PASSWORD,
                        "spring.mail.host=mail.invalid")
                .run(context -> {
                    assertThat(context.getBean(JavaMailSender.class)).isInstanceOf(SmtpJavaMailSender.class);
                    ExistingMailCode code = context.getBean(ExistingMailCode.class);
                    code.sendInvoice("kunde@example.com", "archiv@example.com");
                    code.sendReminder("ada@example.com");

                    // Postfix's Maildir holds one copy per recipient: To and Bcc of the invoice, the reminder.
                    List<byte[]> stored = postfix.awaitDelivered(3, Duration.ofSeconds(30));
                    List<MimeMessage> invoices = new ArrayList<>();
                    MimeMessage reminder = null;
                    for (byte[] raw : stored) {
                        MimeMessage m = parse(raw);
                        String text = new String(raw, StandardCharsets.UTF_8);
                        assertThat(text).as("no Bcc header reaches any copy").doesNotContainPattern("(?im)^bcc:");
                        if (m.getSubject().startsWith("Ihre Rechnung")) {
                            invoices.add(m);
                        } else {
                            reminder = m;
                        }
                    }
                    assertThat(invoices).hasSize(2);
                    assertThat(invoices)
                            .extracting(m -> m.getHeader("Delivered-To")[0])
                            .containsExactlyInAnyOrder("kunde@example.com", "archiv@example.com");
                    MimeMessage invoice = invoices.get(0);
                    assertThat(invoice.getSubject()).isEqualTo("Ihre Rechnung Nr. 42 – Grüße aus Köln");
                    assertThat(((InternetAddress) invoice.getFrom()[0]).getPersonal())
                            .isEqualTo("Buchhaltung Müller & Söhne");
                    List<Part> parts = MimeParts.leaves(invoice);
                    assertThat(parts)
                            .anySatisfy(p -> assertThat(p.getInputStream().readAllBytes())
                                    .isEqualTo(ExistingMailCode.INVOICE));
                    assertThat(parts)
                            .anySatisfy(p -> assertThat(p.getInputStream().readAllBytes())
                                    .isEqualTo(ExistingMailCode.LOGO));
                    assertThat(parts)
                            .anySatisfy(p -> assertThat(p.getContent()).isEqualTo("Grüße! Ihre Rechnung liegt bei."));
                    assertThat(reminder).isNotNull();
                    // SMTP ends every message with a line break (RFC 5321 4.1.1.4); Postfix keeps it.
                    assertThat(((String) reminder.getContent()).stripTrailing())
                            .isEqualTo("Bitte bestätigen Sie Ihre Adresse.");

                    assertThat(postfix.log())
                            .contains("sasl_method=SCRAM-SHA-256, sasl_username=alice")
                            .containsPattern("TLS connection established from localhost\\[127.0.0.1\\]");
                    // Both sends, one pooled connection.
                    assertThat(context.getBean(PooledSmtpSessionFactory.class)
                                    .stats()
                                    .created())
                            .isEqualTo(1);
                });
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }
}
