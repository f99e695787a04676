/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.template.jakarta.MimeMessageSender;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.MailSender;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * An application written for spring-boot-starter-mail ({@link ExistingMailCode}: MimeMessageHelper
 * with HTML, an inline image, an attachment, non-ASCII subject and names, a Bcc; and
 * SimpleMailMessage) sends unchanged through netsmtp's pool to GreenMail, with Boot's own mail
 * auto-configuration on the class path and backing off.
 */
@Timeout(60)
class SmtpJavaMailSenderIntegrationTests {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class,
                    SmtpAutoConfiguration.class,
                    SmtpJavaMailSenderAutoConfiguration.class,
                    MailSenderAutoConfiguration.class))
            .withUserConfiguration(Application.class);

    @Configuration(proxyBeanMethods = false)
    static class Application {
        @Bean
        ExistingMailCode mailCode(JavaMailSender mailSender) {
            return new ExistingMailCode(mailSender);
        }
    }

    private ApplicationContextRunner pointedAtGreenMail(String... more) {
        return runner.withPropertyValues(
                        "smtp.host=127.0.0.1",
                        "smtp.port=" + greenMail.getSmtp().getPort())
                .withPropertyValues(more);
    }

    /** Taking over from Boot's sender is said at INFO, with the spring.mail.* keys no longer read. */
    @Test
    void takingOverFromSpringMailIsLoggedWithTheKeysLeftUnread() {
        pointedAtGreenMail("spring.mail.host=smtp.old.example", "spring.mail.username=old")
                .run(context -> {
                    assertThat(context.getBean(JavaMailSender.class)).isInstanceOf(SmtpJavaMailSender.class);
                    assertThat(context.getBean(SmtpJavaMailSenderAutoConfiguration.SpringMailTakeover.class)
                                    .message())
                            .hasValueSatisfying(m -> assertThat(m)
                                    .contains("replaces Spring Boot's", "spring.mail.host", "spring.mail.username"));
                });
        pointedAtGreenMail()
                .run(context -> assertThat(context.getBean(SmtpJavaMailSenderAutoConfiguration.SpringMailTakeover.class)
                                .message())
                        .isEmpty());
    }

    @Test
    void mimeMessageHelperCodeSendsUnchangedAndArrivesWhole() throws Exception {
        pointedAtGreenMail().run(context -> {
            context.getBean(ExistingMailCode.class).sendInvoice("kunde@example.org", "archiv@example.net");

            // One copy per envelope recipient: To and Bcc.
            assertThat(inbox("kunde@example.org")).hasSize(1);
            assertThat(inbox("archiv@example.net")).hasSize(1);
            MimeMessage arrived = inbox("kunde@example.org").get(0);
            assertThat(arrived.getSubject()).isEqualTo("Ihre Rechnung Nr. 42 – Grüße aus Köln");
            InternetAddress from = (InternetAddress) arrived.getFrom()[0];
            assertThat(from.getPersonal()).isEqualTo("Buchhaltung Müller & Söhne");
            assertThat(from.getAddress()).isEqualTo("billing@example.com");
            assertThat(arrived.getHeader("Date")).isNotNull();
            assertThat(arrived.getHeader("Message-ID")).isNotNull();

            List<Part> parts = MimeParts.leaves(arrived);
            assertThat(parts).anySatisfy(p -> {
                assertThat(p.isMimeType("text/plain")).isTrue();
                assertThat(p.getContent()).isEqualTo("Grüße! Ihre Rechnung liegt bei.");
            });
            assertThat(parts).anySatisfy(p -> {
                assertThat(p.isMimeType("text/html")).isTrue();
                assertThat((String) p.getContent()).contains("<p>Grüße!</p>", "cid:logo");
            });
            assertThat(parts).anySatisfy(p -> {
                assertThat(p.isMimeType("image/png")).isTrue();
                assertThat(((MimeMessagePart) () -> p).header("Content-ID")).isEqualTo("<logo>");
                assertThat(p.getInputStream().readAllBytes()).isEqualTo(ExistingMailCode.LOGO);
            });
            assertThat(parts).anySatisfy(p -> {
                assertThat(p.getFileName()).isEqualTo("rechnung-42.pdf");
                assertThat(p.getInputStream().readAllBytes()).isEqualTo(ExistingMailCode.INVOICE);
            });

            // The Bcc recipient got the message, and no header names them.
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            inbox("archiv@example.net").get(0).writeTo(raw);
            assertThat(raw.toString(StandardCharsets.UTF_8))
                    .doesNotContainIgnoringCase("bcc")
                    .doesNotContain("archiv@example.net");
        });
    }

    @Test
    void simpleMessagesAndABatchGoOverOnePooledConnection() throws Exception {
        pointedAtGreenMail().run(context -> {
            ExistingMailCode code = context.getBean(ExistingMailCode.class);
            code.sendReminder("ada@example.org", "grace@example.org");
            code.sendEach("a@example.org", "b@example.org", "c@example.org");

            MimeMessage[] received = greenMail.getReceivedMessages();
            assertThat(received).hasSize(5);
            assertThat(received[0].getSubject()).isEqualTo("Erinnerung");
            assertThat(GreenMailUtil.getBody(received[0]))
                    .as("the text is UTF-8, whatever the platform's charset")
                    .contains("=C3=A4tigen");
            assertThat(received[0].getContent()).isEqualTo("Bitte bestätigen Sie Ihre Adresse.");
            assertThat(received[0].getRecipients(Message.RecipientType.TO)).hasSize(2);
            assertThat(received[4].getSubject()).isEqualTo("Nachricht 2");
            // Four messages (one of them to two recipients), one connection: the pool's, reused.
            assertThat(context.getBean(PooledSmtpSessionFactory.class).stats().created())
                    .isEqualTo(1);
        });
    }

    @Test
    void bootsOwnMailSenderBacksOffEvenWithSpringMailHostSet() {
        pointedAtGreenMail("spring.mail.host=mail.invalid").run(context -> {
            assertThat(context).hasSingleBean(MailSender.class);
            assertThat(context.getBean(JavaMailSender.class)).isInstanceOf(SmtpJavaMailSender.class);
            assertThat(context).doesNotHaveBean(JavaMailSenderImpl.class);
            assertThat(context).hasSingleBean(MimeMessageSender.class);
        });
    }

    @Test
    void turnedOffItLeavesJavaMailSenderToBootAndKeepsMimeMessageSender() {
        pointedAtGreenMail("spring.mail.host=mail.invalid", "smtp.java-mail-sender.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(SmtpJavaMailSender.class);
                    assertThat(context.getBean(JavaMailSender.class)).isInstanceOf(JavaMailSenderImpl.class);
                    assertThat(context).hasSingleBean(MimeMessageSender.class);
                });
    }

    @Test
    void anApplicationsOwnMailSenderWins() {
        pointedAtGreenMail()
                .withBean("ownSender", JavaMailSenderImpl.class, JavaMailSenderImpl::new)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(SmtpJavaMailSender.class);
                    assertThat(context).hasSingleBean(JavaMailSender.class);
                });
    }

    @Test
    void withoutSmtpHostThereIsNoneOfIt() {
        runner.withPropertyValues("spring.mail.host=mail.invalid").run(context -> {
            assertThat(context).doesNotHaveBean(SmtpJavaMailSender.class);
            assertThat(context).doesNotHaveBean(MimeMessageSender.class);
            assertThat(context.getBean(JavaMailSender.class)).isInstanceOf(JavaMailSenderImpl.class);
        });
    }

    @Test
    void anEnvelopeSenderPropertySetsMailFromButNotTheHeader() throws Exception {
        pointedAtGreenMail("smtp.java-mail-sender.envelope-from=bounces@example.com")
                .run(context -> {
                    context.getBean(ExistingMailCode.class).sendReminder("ada@example.org");
                    MimeMessage arrived = greenMail.getReceivedMessages()[0];
                    // GreenMail writes the reverse path into Return-Path.
                    assertThat(arrived.getHeader("Return-Path")[0]).contains("bounces@example.com");
                    assertThat(arrived.getFrom()[0].toString()).isEqualTo("noreply@example.com");
                });
    }

    @Test
    void anEnvelopeSenderThatCouldInjectACommandFailsStartUpNamingTheProperty() {
        pointedAtGreenMail("smtp.java-mail-sender.envelope-from=a@b.example> SIZE=1\r\nRSET")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isNotNull();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("smtp.java-mail-sender.envelope-from");
                });
    }

    private static List<MimeMessage> inbox(String address) throws Exception {
        var user = greenMail.getUserManager().getUserByEmail(address);
        assertThat(user).as("a mailbox for " + address).isNotNull();
        List<MimeMessage> out = new ArrayList<>();
        for (var stored :
                greenMail.getManagers().getImapHostManager().getInbox(user).getMessages()) {
            out.add(stored.getMimeMessage());
        }
        return out;
    }

    /** A part's first header value. */
    private interface MimeMessagePart {
        Part part();

        default String header(String name) throws Exception {
            String[] values = part().getHeader(name);
            return values == null ? "" : values[0];
        }
    }
}
