/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.template.SmtpTemplate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that refuses whatever is pipelined behind an end of data (Haraka 3.3.4's defence
 * against SMTP smuggling: 503 to every such command, PIPELINING still advertised) loses no
 * message: the message that met the 503 was not attempted and goes again alone, the rest of the
 * batch goes one transaction at a time, the host is remembered, and a real refusal in the batch
 * is still that refusal (issue 24, case 12).
 */
@Timeout(60)
class RefusedPipeliningTests {

    private static List<OutgoingMessage> batch(int n, String prefix) {
        List<OutgoingMessage> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String to = i == 7 ? "nobody@example.com" : "rcpt" + i + "@example.com";
            list.add(OutgoingMessage.of(
                    Envelope.of("app@example.com", List.of(to)),
                    ("Subject: " + prefix + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
        return list;
    }

    @Test
    void aSendAllOfFiftySendsEachOnceAndTheRefusalInItStaysARefusal() {
        try (SmtpTestServer server = SmtpTestServer.builder()
                .chunking(false)
                .refusePipeliningAfterData(true)
                .start()) {
            server.failAt(Step.RCPT, "nobody@example.com").always().reply("550 5.1.1 no such user");
            AtomicInteger refusedBehindTheEnd = new AtomicInteger();
            SmtpListener count503 = new SmtpListener() {
                @Override
                public void replyReceived(SmtpReply reply) {
                    if (reply.code() == 503) {
                        refusedBehindTheEnd.incrementAndGet();
                    }
                }
            };
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    server.clientConfig().listener(count503).build(),
                    PoolConfig.builder().maxTotal(1).build())) {
                SmtpTemplate template = SmtpTemplate.of(pool);
                List<SendOutcome> out = template.sendAll(batch(50, "a"));
                for (int i = 0; i < 50; i++) {
                    if (i == 7) {
                        assertThat(out.get(i).smtpError().orElseThrow().replyCode())
                                .as("the recipient's own refusal")
                                .isEqualTo(550);
                    } else {
                        assertThat(out.get(i).isSent())
                                .as("message %d: %s", i, out.get(i))
                                .isTrue();
                    }
                }
                // One group refused behind the end of data (MAIL, RCPT, DATA), then never again.
                assertThat(refusedBehindTheEnd).hasValue(3);
                for (int i = 0; i < 50; i++) {
                    String subject = "a" + i;
                    assertThat(server.messages().stream()
                                    .filter(m -> subject.equals(m.subject()))
                                    .count())
                            .as(subject)
                            .isEqualTo(i == 7 ? 0 : 1);
                }
            }
            // A new connection to the same server goes one transaction at a time from the start.
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    server.clientConfig().listener(count503).build(),
                    PoolConfig.builder().maxTotal(1).build())) {
                List<SendOutcome> again = SmtpTemplate.of(pool).sendAll(batch(5, "b"));
                assertThat(again).allSatisfy(o -> assertThat(o.isSent()).isTrue());
                assertThat(refusedBehindTheEnd).hasValue(3);
                assertThat(server.connectionCount()).isEqualTo(2);
            }
        }
    }
}
