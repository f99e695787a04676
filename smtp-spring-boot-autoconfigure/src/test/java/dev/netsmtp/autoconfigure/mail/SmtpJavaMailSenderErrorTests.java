/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.session.SimpleSmtpSessionFactory;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.test.Step;
import dev.netsmtp.tls.TlsMode;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.SimpleMailMessage;

/**
 * Spring's exception contract, against the test kit's server failing on cue: refusals and
 * unreadable messages are reported per message while the rest of the batch is sent, an uncertain
 * outcome is told apart, refused credentials are a MailAuthenticationException, and preparation
 * failures are MailParseException or MailPreparationException.
 */
class SmtpJavaMailSenderErrorTests {

    @RegisterExtension
    static final SmtpTestServer smtp = SmtpTestServer.create();

    private static SmtpJavaMailSender sender(TlsMode tls, boolean auth) {
        var config = smtp.clientConfig().tls(tls);
        if (auth) {
            config.auth("app", "secret");
        }
        SmtpTemplate template = SmtpTemplate.builder(new SimpleSmtpSessionFactory(config.build()))
                .retryPolicy(RetryPolicy.none())
                .build();
        return new SmtpJavaMailSender(template);
    }

    private static SimpleMailMessage simple(String to, String subject) {
        SimpleMailMessage m = new SimpleMailMessage();
        m.setFrom("app@example.com");
        m.setTo(to);
        m.setSubject(subject);
        m.setText("text of " + subject);
        return m;
    }

    @Test
    void aRefusedMessageIsReportedWithItsReplyAndTheRestOfTheBatchIsSent() {
        smtp.failAt(Step.RCPT, "bob@example.com").always().reply("550 5.1.1 No such user");
        SimpleMailMessage one = simple("ada@example.com", "one");
        SimpleMailMessage two = simple("bob@example.com", "two");
        SimpleMailMessage three = simple("carl@example.com", "three");

        assertThatThrownBy(() -> sender(TlsMode.NONE, false).send(one, two, three))
                .isInstanceOfSatisfying(SmtpMailSendException.class, e -> {
                    assertThat(e.getFailedMessages()).containsOnlyKeys(two);
                    assertThat(e.getFailedMessages().get(two))
                            .isInstanceOfSatisfying(SmtpException.class, s -> assertThat(s.replyCode())
                                    .isEqualTo(550))
                            .hasMessageContaining("No such user");
                    assertThat(e.getUncertainMessages()).isEmpty();
                    assertThat(e).hasMessageContaining("1 of 3 messages not sent");
                });
        assertThat(smtp.awaitMessages(2, java.time.Duration.ofSeconds(5)))
                .extracting(m -> m.subject())
                .containsExactly("one", "three");
    }

    @Test
    void anUncertainOutcomeIsToldApart() {
        smtp.failAt(Step.END_OF_DATA).deliverThenDisconnect();
        smtp.failAt(Step.RCPT, "bob@example.com").reply("554 5.7.1 Not for you");
        SimpleMailMessage lost = simple("ada@example.com", "lost reply");
        SimpleMailMessage refused = simple("bob@example.com", "refused");

        assertThatThrownBy(() -> sender(TlsMode.NONE, false).send(lost, refused))
                .isInstanceOfSatisfying(SmtpMailSendException.class, e -> {
                    assertThat(e.getFailedMessages()).containsOnlyKeys(lost, refused);
                    assertThat(e.getUncertainMessages()).containsExactly(lost);
                    assertThat(e.getFailedMessages().get(lost)).isInstanceOf(SmtpDeliveryUncertainException.class);
                    assertThat(e).hasMessageContaining("1 of them uncertain");
                });
        // It did arrive: resending it would deliver it twice.
        assertThat(smtp.messages()).hasSize(1);
    }

    @Test
    void refusedCredentialsAreAMailAuthenticationException() {
        smtp.failAt(Step.AUTH).always().reply("535 5.7.8 Authentication credentials invalid");
        assertThatThrownBy(() -> sender(TlsMode.STARTTLS_REQUIRED, true)
                        .send(simple("ada@example.com", "a"), simple("bob@example.com", "b")))
                .isInstanceOf(MailAuthenticationException.class)
                .hasMessageContaining("535");
        assertThat(smtp.messages()).isEmpty();
    }

    @Test
    void anUnreadableMessageIsReportedAndTheOthersAreSent() throws Exception {
        SmtpJavaMailSender sender = sender(TlsMode.NONE, false);
        MimeMessage noRecipient = sender.createMimeMessage();
        noRecipient.setFrom("app@example.com");
        noRecipient.setText("nobody to send to");
        MimeMessage fine = sender.createMimeMessage(
                new ByteArrayInputStream("From: app@example.com\r\nTo: ada@example.com\r\nSubject: fine\r\n\r\nok\r\n"
                        .getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> sender.send(noRecipient, fine))
                .isInstanceOfSatisfying(SmtpMailSendException.class, e -> {
                    assertThat(e.getFailedMessages()).containsOnlyKeys(noRecipient);
                    assertThat(e.getFailedMessages().get(noRecipient)).hasMessageContaining("no To, Cc or Bcc");
                });
        assertThat(smtp.awaitMessage().subject()).isEqualTo("fine");
    }

    @Test
    void anAddressInToCcAndBccIsOneRecipientAndBccNeverReachesTheHeaders() {
        SimpleMailMessage m = simple("ada@example.com", "once");
        m.setCc("ada@example.com", "grace@example.com");
        m.setBcc("ADA@example.com", "hidden@example.com");
        sender(TlsMode.NONE, false).send(m);
        var received = smtp.awaitMessage();
        // Exact strings are compared: the local part's case may matter to a server (RFC 5321 2.4).
        assertThat(received.recipients())
                .containsExactly("ada@example.com", "grace@example.com", "ADA@example.com", "hidden@example.com");
        assertThat(received.header("Bcc")).isEmpty();
        assertThat(received.rawText()).doesNotContain("hidden@example.com");
    }

    @Test
    void preparatorFailuresAreParseOrPreparationExceptionsAndNothingIsSent() {
        SmtpJavaMailSender sender = sender(TlsMode.NONE, false);
        assertThatThrownBy(() -> sender.send(message -> {
                    throw new MessagingException("bad address");
                }))
                .isInstanceOf(MailParseException.class);
        assertThatThrownBy(() -> sender.send(message -> {
                    throw new IllegalStateException("template missing");
                }))
                .isInstanceOf(MailPreparationException.class);
        assertThatThrownBy(() -> sender.send(simple("not an address@@", "x"))).isInstanceOf(MailParseException.class);
        assertThat(smtp.messages()).isEmpty();
    }
}
