/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.jakarta.MimeMessageSender;
import dev.netsmtp.testing.ConnectionCounter;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The template over the pool, against GreenMail. */
class SmtpTemplateIntegrationTests {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static SmtpConfig config(ConnectionCounter counter) {
        return counter.countingConfig(greenMail.getSmtp().getPort());
    }

    private static String message(String id) {
        return "From: app@example.com\r\nTo: user@example.com\r\nSubject: " + id + "\r\nMessage-ID: <" + id
                + "@netsmtp.test>\r\n\r\nmessage " + id + "\r\n";
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void eightThreadsSendFiveHundredEachThroughAPoolOfFourExactlyOnce() throws Exception {
        ConnectionCounter counter = new ConnectionCounter();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                config(counter), PoolConfig.builder().maxTotal(4).build())) {
            SmtpTemplate template = SmtpTemplate.of(pool);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(threads.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        template.send("app@example.com", List.of("user@example.com"), message("t" + thread + "-" + i));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            assertThat(counter.maxOpen()).isLessThanOrEqualTo(4);
        } finally {
            threads.shutdownNow();
        }
        assertThat(counter.open()).isZero();
        MimeMessage[] received = greenMail.getReceivedMessages();
        Set<String> ids = new HashSet<>();
        for (MimeMessage m : received) {
            ids.add(m.getMessageID());
        }
        assertThat(received).hasSize(4000);
        assertThat(ids).hasSize(4000);
    }

    @Test
    void executeGivesOneSessionForSeveralTransactionsThatTheCallbackCannotClose() {
        ConnectionCounter counter = new ConnectionCounter();
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(config(counter), PoolConfig.defaults())) {
            SmtpTemplate template = SmtpTemplate.of(pool);
            int sent = template.execute(session -> {
                session.sendMessage(message("x1"), "app@example.com", "a@example.com");
                session.close(); // ignored: the template gives the session back
                session.sendMessage(message("x2"), "app@example.com", "b@example.com");
                return 2;
            });
            assertThat(sent).isEqualTo(2);
            assertThat(pool.stats().active()).isZero();
            assertThat(counter.opened()).isEqualTo(1);
        }
    }

    @Test
    void batchesAndAsyncSendsReportEachOutcome() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(3);
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                config(new ConnectionCounter()),
                PoolConfig.builder().maxTotal(3).build())) {
            SmtpTemplate template = SmtpTemplate.of(pool);
            List<OutgoingMessage> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add(OutgoingMessage.of("app@example.com", List.of("user@example.com"), message("b" + i)));
            }
            List<SendOutcome> outcomes = template.sendAll(batch, executor);
            assertThat(outcomes).hasSize(20).allMatch(SendOutcome::isSent);
            assertThat(outcomes.get(7).message()).isSameAs(batch.get(7));
            assertThat(template.sendAll(batch.subList(0, 2))).allMatch(SendOutcome::isSent);
            SendResult async = template.sendAsync(batch.get(0), executor).get(30, TimeUnit.SECONDS);
            assertThat(async.reply().code()).isEqualTo(250);
        } finally {
            executor.shutdownNow();
        }
        assertThat(greenMail.getReceivedMessages()).hasSize(23);
    }

    @Test
    void mimeMessageGoesToToCcAndBccWithoutItsBccHeader() throws Exception {
        MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()));
        mime.setFrom(new InternetAddress("app@example.com"));
        mime.setRecipient(Message.RecipientType.TO, new InternetAddress("to@example.com"));
        mime.setRecipient(Message.RecipientType.CC, new InternetAddress("cc@example.com"));
        mime.setRecipient(Message.RecipientType.BCC, new InternetAddress("hidden@example.com"));
        mime.setSubject("jakarta");
        mime.setText("from Jakarta Mail\n");
        try (PooledSmtpSessionFactory pool =
                new PooledSmtpSessionFactory(config(new ConnectionCounter()), PoolConfig.defaults())) {
            SendResult result = new MimeMessageSender(SmtpTemplate.of(pool)).send(mime);
            assertThat(result.acceptedRecipients())
                    .containsExactly("to@example.com", "cc@example.com", "hidden@example.com");
        }
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(3);
        assertThat(received[0].getHeader("Bcc")).isNull();
        assertThat(received[0].getMessageID()).isNotBlank();
        assertThat(GreenMailUtil.getBody(received[0]).trim()).isEqualTo("from Jakarta Mail");
        assertThat(Arrays.stream(received).map(m -> GreenMailUtil.getHeaders(m)))
                .noneMatch(h -> h.contains("hidden@example.com"));
    }

    @Test
    void rateLimitSpacesSends() {
        List<Duration> sleeps = new ArrayList<>();
        try (PooledSmtpSessionFactory pool =
                new PooledSmtpSessionFactory(config(new ConnectionCounter()), PoolConfig.defaults())) {
            SmtpTemplate template =
                    SmtpTemplate.builder(pool).rateLimit(2).sleeper(sleeps::add).build();
            for (int i = 0; i < 3; i++) {
                template.send("app@example.com", List.of("user@example.com"), message("r" + i));
            }
        }
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(1)).isGreaterThan(Duration.ofMillis(500));
    }
}
