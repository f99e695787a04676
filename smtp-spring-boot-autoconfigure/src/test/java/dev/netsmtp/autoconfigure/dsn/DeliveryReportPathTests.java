/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.SmtpConfigCustomizer;
import dev.netsmtp.autoconfigure.mail.SmtpJavaMailSenderAutoConfiguration;
import dev.netsmtp.dsn.Action;
import dev.netsmtp.dsn.RecipientStatus;
import dev.netsmtp.dsn.ReportReading;
import dev.netsmtp.template.jakarta.MimeMessageSender;
import dev.netsmtp.testing.PostfixInstance;
import dev.netsmtp.tls.TlsSettings;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;
import org.springframework.http.ResponseEntity;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * The README's path from the call to the bounce, as the README writes it, against a real Postfix:
 * a Boot application sends an order confirmation through its {@code JavaMailSender} with an
 * {@code Idempotency-Key} header to an address Postfix takes and then bounces; Postfix's own report
 * arrives at the return path; handed to the application's bounce endpoint, it reaches its
 * {@code @EventListener} as an {@link SmtpDeliveryReportEvent} naming the order.
 */
@Timeout(120)
class DeliveryReportPathTests {

    @RegisterExtension
    static final PostfixInstance.PerClass POSTFIX = new PostfixInstance.PerClass();

    /** The orders the application keeps: what the reports said of each. */
    static final class OrderBook {
        final Map<String, List<RecipientStatus>> reports = new ConcurrentHashMap<>();

        void deliveryReport(String orderId, List<RecipientStatus> recipients) {
            reports.put(orderId, recipients);
        }
    }

    /** The application: the README's three steps, line for line. */
    static final class Shop {
        private final JavaMailSender mailSender;
        private final SmtpDeliveryReports reports;
        final OrderBook orders = new OrderBook();

        Shop(JavaMailSender mailSender, SmtpDeliveryReports reports) {
            this.mailSender = mailSender;
            this.reports = reports;
        }

        void confirm(String orderId, String customer) throws Exception {
            // 1. The call: the order id is the key.
            MimeMessage message = mailSender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
            helper.setFrom("shop@example.com");
            helper.setTo(customer);
            helper.setSubject("Your order " + orderId);
            helper.setText("Thank you.");
            message.setHeader(MimeMessageSender.KEY_HEADER, orderId);
            mailSender.send(message);
        }

        @PostMapping(path = "/bounces", consumes = "message/rfc822")
        ResponseEntity<String> bounce(@RequestBody byte[] raw) {
            return reports.publish(raw) instanceof ReportReading.NotADsn no
                    ? ResponseEntity.status(422).body(no.reason())
                    : ResponseEntity.accepted().build();
        }

        @EventListener
        void onReport(SmtpDeliveryReportEvent event) {
            event.key()
                    .ifPresent(key ->
                            orders.deliveryReport(key.value(), event.report().recipients()));
        }
    }

    @Test
    void anOrdersBounceComesBackAsAnEventWithItsKey() throws Exception {
        PostfixInstance postfix = POSTFIX.get();
        SSLContext trust = TlsSettings.trusting(postfix.trustStore());
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SslAutoConfiguration.class,
                        SmtpAutoConfiguration.class,
                        SmtpJavaMailSenderAutoConfiguration.class,
                        MailSenderAutoConfiguration.class,
                        SmtpDeliveryReportAutoConfiguration.class))
                .withBean(SmtpConfigCustomizer.class, () -> b -> b.sslContext(trust))
                .withBean(Shop.class)
                .withPropertyValues(
                        "smtp.host=127.0.0.1",
                        "smtp.port=" + postfix.smtpPort(),
                        "smtp.tls.mode=starttls-required",
                        "smtp.auth.username=" + PostfixInstance.USER,
                        "smtp.auth.password=" + PostfixInstance.PASSWORD)
                .run(context -> {
                    Shop shop = context.getBean(Shop.class);
                    String orderId = "order-" + System.nanoTime();
                    shop.confirm(orderId, "nobody@unknown.example.com");

                    // The bounce: Postfix's report to shop@example.com, from its Maildir.
                    String bounce =
                            postfix.awaitMessageContaining("Original-Envelope-Id: " + orderId, Duration.ofSeconds(60));
                    assertThat(bounce).contains("Message-ID: <netsmtp." + orderId + "@example.com>");
                    assertThat(shop.bounce(bounce.getBytes(StandardCharsets.UTF_8))
                                    .getStatusCode()
                                    .value())
                            .isEqualTo(202);
                    List<RecipientStatus> said = shop.orders.reports.get(orderId);
                    assertThat(said).hasSize(1);
                    assertThat(said.get(0).action()).isEqualTo(Action.FAILED);
                    assertThat(said.get(0).finalRecipient()).isEqualTo("nobody@unknown.example.com");

                    // Not a report: 422 with the reason, nothing heard.
                    ResponseEntity<String> notOne = shop.bounce("Subject: hi\r\n\r\nout of office\r\n".getBytes());
                    assertThat(notOne.getStatusCode().value()).isEqualTo(422);
                    assertThat(notOne.getBody()).contains("not MIME");
                    assertThat(shop.orders.reports).hasSize(1);
                });
    }

    @Test
    void everyLineOfTheReadmesPathIsInThisTest() throws Exception {
        String readme = Files.readString(Path.of("..", "docs", "reconciling-sends.md"));
        int start = readme.indexOf("// 1. The call: the order id is the key.");
        String block = readme.substring(start, readme.indexOf("```", start));
        String source =
                Files.readString(Path.of("src/test/java/dev/netsmtp/autoconfigure/dsn/DeliveryReportPathTests.java"));
        int lines = 0;
        for (String line : block.split("\n")) {
            String code = line.strip();
            if (code.isEmpty() || code.startsWith("//")) {
                continue;
            }
            lines++;
            // Compared without white space: the formatter may wrap a line here.
            assertThat(source.replaceAll("\\s+", ""))
                    .as("the test has: %s", code)
                    .contains(code.replaceAll("\\s+", ""));
        }
        assertThat(lines).isGreaterThan(15);
    }
}
