/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.template.jakarta.MimeMessageSender;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docs/pool-and-template.md's tour of the template, as it stands there, against GreenMail. */
class PoolAndTemplateDocsTests {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void theTourSendsEveryMessage() throws Exception {
        SmtpConfig server = SmtpConfig.builder()
                .host("127.0.0.1")
                .port(greenMail.getSmtp().getPort())
                .build();
        String message = "Subject: one\r\n\r\nfirst\r\n";
        List<OutgoingMessage> batch = List.of(
                OutgoingMessage.of("app@example.com", List.of("bob@example.com"), "Subject: two\r\n\r\nsecond\r\n"));
        OutgoingMessage outgoing =
                OutgoingMessage.of("app@example.com", List.of("carol@example.com"), "Subject: three\r\n\r\nthird\r\n");
        MimeMessage mimeMessage = new MimeMessage(Session.getInstance(new Properties()));
        mimeMessage.setFrom(new InternetAddress("app@example.com"));
        mimeMessage.setRecipient(Message.RecipientType.TO, new InternetAddress("dan@example.com"));
        mimeMessage.setSubject("four");
        mimeMessage.setText("fourth");
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            PooledSmtpSessionFactory factory = new PooledSmtpSessionFactory(
                    server, PoolConfig.builder().maxTotal(4).build());
            SmtpTemplate template = SmtpTemplate.builder(factory)
                    .retryPolicy(RetryPolicy.defaults())
                    .sendTimeout(Duration.ofMinutes(2))
                    .build();

            SendResult result = template.send("app@example.com", List.of("user@example.com"), message);
            template.execute(session -> {
                /* several transactions on one session */
                return null;
            });
            List<SendOutcome> outcomes = template.sendAll(batch, executor); // spread over the pool
            CompletableFuture<SendResult> later = template.sendAsync(outgoing, executor);
            new MimeMessageSender(template).send(mimeMessage); // Jakarta Mail interop
            later.get(30, TimeUnit.SECONDS);
            factory.close(); // QUITs idle sessions

            assertThat(result.acceptedRecipients()).containsExactly("user@example.com");
            assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.isSent())
                    .isTrue());
        } finally {
            executor.shutdownNow();
        }
        assertThat(greenMail.getReceivedMessages()).hasSize(4);
    }
}
