/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.HostList;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.template.jakarta.MimeMessageSender;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A message's identity survives the trip: the template gives every send a key (the caller's, or a
 * new one) that is in its result and its error on every shape; a message netsmtp renders carries a
 * Message-ID derived from the key, the same in the bytes of every attempt, of a failover to another
 * server, and of a resend on purpose after an uncertain outcome, so a receiver that drops
 * duplicates by Message-ID sees one message; the caller's own Message-ID is kept.
 */
@Timeout(60)
class ReconcilableSendsTests {

    private static MimeMessage message(String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("shop@example.com"));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, "ann@example.net");
        m.setSubject(subject);
        m.setText("your order");
        return m;
    }

    private static SmtpTemplate template(PooledSmtpSessionFactory pool) {
        return SmtpTemplate.builder(pool).sleeper(d -> {}).build();
    }

    @Test
    void aRetryAfterAStoredMessageWasRefusedCarriesTheSameMessageId() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().start()) {
            // Stored, then 451: the template tries again, and the server now holds two copies.
            server.failAt(Step.END_OF_DATA).storingFirst().reply("451 4.3.0 try again");
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    server.clientConfig().build(), PoolConfig.builder().build())) {
                IdempotencyKey key = IdempotencyKey.of("order-1001");
                SendResult result = new MimeMessageSender(template(pool)).send(message("retried"), key);
                assertThat(result.key()).contains(key);
            }
            List<ReceivedMessage> copies = server.messagesWithSubject("retried");
            assertThat(copies).hasSize(2);
            assertThat(copies)
                    .allSatisfy(m -> assertThat(m.header("Message-ID")).contains("<netsmtp.order-1001@example.com>"));
            assertThat(copies.get(0).raw()).isEqualTo(copies.get(1).raw());
            assertThat(copies.get(0).rawText()).doesNotContain("Idempotency-Key");
        }
    }

    @Test
    void aFailoverToAnotherServerCarriesTheSameMessageId() throws Exception {
        try (SmtpTestServer first = SmtpTestServer.builder().start();
                SmtpTestServer second = SmtpTestServer.builder().start()) {
            // The first server stores the message and hangs up; then it refuses connections, so the
            // next attempt goes to the second.
            first.failAt(Step.END_OF_DATA).storingFirst().replyThenDisconnect("421 4.3.2 closing");
            first.failAt(Step.GREETING).skip(1).always().reply("421 4.3.2 not now");
            HostList hosts = HostList.of(
                    first.clientConfig().build(), second.clientConfig().build());
            MimeMessage m = message("failed over");
            m.setHeader(MimeMessageSender.KEY_HEADER, "order-1002");
            try (PooledSmtpSessionFactory pool =
                    new PooledSmtpSessionFactory(hosts, PoolConfig.builder().build())) {
                new MimeMessageSender(template(pool)).send(m);
            }
            ReceivedMessage a = first.messagesWithSubject("failed over").get(0);
            ReceivedMessage b = second.messagesWithSubject("failed over").get(0);
            assertThat(a.header("Message-ID")).contains("<netsmtp.order-1002@example.com>");
            assertThat(b.header("Message-ID")).isEqualTo(a.header("Message-ID"));
            assertThat(b.rawText()).doesNotContain("Idempotency-Key");
        }
    }

    @Test
    void anUncertainSendNamesItsKeyAndAResendOnPurposeCarriesTheSameMessageId() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().start()) {
            server.failAt(Step.END_OF_DATA).deliverThenDisconnect();
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    server.clientConfig().build(), PoolConfig.builder().build())) {
                MimeMessageSender sender = new MimeMessageSender(template(pool));
                MimeMessage m = message("uncertain");
                SmtpDeliveryUncertainException uncertain = (SmtpDeliveryUncertainException)
                        org.assertj.core.api.Assertions.catchThrowable(() -> sender.send(m));
                assertThat(uncertain).isNotNull();
                IdempotencyKey key = uncertain.key().orElseThrow();
                // The operator decides to send it again, under the same key.
                sender.send(message("uncertain"), key);
                List<ReceivedMessage> copies = server.messagesWithSubject("uncertain");
                assertThat(copies).hasSize(2);
                assertThat(copies.get(1).header("Message-ID"))
                        .isEqualTo(copies.get(0).header("Message-ID"));
                assertThat(IdempotencyKey.fromMessageId(
                                copies.get(0).header("Message-ID").orElseThrow()))
                        .contains(key);
            }
        }
    }

    /** Renders only: a sender over a template nothing is sent through. */
    private static MimeMessageSender renderer() {
        return new MimeMessageSender(SmtpTemplate.of(new dev.netsmtp.session.SmtpSessionFactory() {
            @Override
            public dev.netsmtp.session.SmtpSession getSession() {
                throw new AssertionError("nothing is sent");
            }

            @Override
            public void close() {}
        }));
    }

    @Test
    void theCallersOwnMessageIdIsKept() throws Exception {
        MimeMessage m = message("own id");
        m.setHeader("Message-ID", "<mine-1@shop.example.com>");
        OutgoingMessage rendered = renderer().render(m, IdempotencyKey.of("k-1"));
        assertThat(new String(rendered.content(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("Message-ID: <mine-1@shop.example.com>");
        assertThat(rendered.envelope().key()).contains(IdempotencyKey.of("k-1"));
        MimeMessage bad = message("bad key");
        bad.setHeader(MimeMessageSender.KEY_HEADER, "x".repeat(200));
        assertThatThrownBy(() -> renderer().render(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void everyTemplateShapeGivesEachMessageAKeyInItsResultOrError() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().start()) {
            server.failAt(Step.RCPT, "refused@example.net").always().reply("550 5.1.1 no such user");
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    server.clientConfig().build(), PoolConfig.builder().build())) {
                SmtpTemplate template = template(pool);
                IdempotencyKey given = IdempotencyKey.of("given-1");
                dev.netsmtp.Envelope keyed = dev.netsmtp.Envelope.builder()
                        .from("shop@example.com")
                        .to("ann@example.net")
                        .key(given)
                        .build();
                byte[] body = "Subject: k\r\n\r\nx\r\n".getBytes();
                assertThat(template.send(keyed, body).key()).contains(given);
                assertThat(template.send("shop@example.com", List.of("ann@example.net"), body)
                                .key())
                        .isPresent();
                List<SendOutcome> all = template.sendAll(List.of(
                        OutgoingMessage.of(keyed, body),
                        OutgoingMessage.of(dev.netsmtp.Envelope.of("shop@example.com", "refused@example.net"), body)));
                assertThat(all.get(0).result().orElseThrow().key()).contains(given);
                assertThat(all.get(1).error().orElseThrow())
                        .isInstanceOfSatisfying(dev.netsmtp.SmtpException.class, e -> assertThat(e.key())
                                .isPresent());
                ExecutorService executor = Executors.newFixedThreadPool(2);
                try {
                    assertThat(template.sendAsync(OutgoingMessage.of(keyed, body), executor)
                                    .get(30, TimeUnit.SECONDS)
                                    .key())
                            .contains(given);
                    List<SendOutcome> onExecutor = template.sendAll(List.of(OutgoingMessage.of(keyed, body)), executor);
                    assertThat(onExecutor.get(0).result().orElseThrow().key()).contains(given);
                } finally {
                    executor.shutdownNow();
                }
                assertThatThrownBy(() ->
                                template.send(dev.netsmtp.Envelope.of("shop@example.com", "refused@example.net"), body))
                        .isInstanceOfSatisfying(dev.netsmtp.SmtpException.class, e -> assertThat(e.key())
                                .isPresent());
                List<String> keys = new ArrayList<>();
                for (ReceivedMessage m : server.messages()) {
                    keys.add(String.valueOf(m.transcript()));
                }
                assertThat(String.join("\n", keys)).contains("ENVID=given-1");
            }
        }
    }

    @Test
    void everySessionShapeCarriesTheKeyInItsResultOrError() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().start()) {
            server.failAt(Step.RCPT, "refused@example.net").always().reply("550 5.1.1 no such user");
            IdempotencyKey key = IdempotencyKey.of("session-1");
            dev.netsmtp.Envelope keyed = dev.netsmtp.Envelope.builder()
                    .from("shop@example.com")
                    .to("ann@example.net")
                    .key(key)
                    .build();
            dev.netsmtp.Envelope refused = dev.netsmtp.Envelope.builder()
                    .from("shop@example.com")
                    .to("refused@example.net")
                    .key(key)
                    .build();
            byte[] body = "Subject: s\r\n\r\nx\r\n".getBytes();
            try (dev.netsmtp.session.SmtpSession s =
                    dev.netsmtp.session.Smtp.start(server.clientConfig().build())) {
                assertThat(s.sendMessage(keyed, body).key()).as("single send").contains(key);
                try (dev.netsmtp.session.MessageOutputStream out = s.openMessageStream(keyed)) {
                    out.write(body);
                    assertThat(out.commit().key()).as("message stream").contains(key);
                }
                List<SendOutcome> batch =
                        s.sendMessages(List.of(OutgoingMessage.of(keyed, body), OutgoingMessage.of(refused, body)));
                assertThat(batch.get(0).result().orElseThrow().key())
                        .as("batch result")
                        .contains(key);
                assertThat(batch.get(1).error().orElseThrow())
                        .isInstanceOfSatisfying(
                                dev.netsmtp.SmtpException.class,
                                e -> assertThat(e.key()).as("batch error").contains(key));
                assertThatThrownBy(() -> s.sendMessage(refused, body))
                        .isInstanceOfSatisfying(
                                dev.netsmtp.SmtpException.class,
                                e -> assertThat(e.key()).as("single send error").contains(key));
            }
        }
    }
}
