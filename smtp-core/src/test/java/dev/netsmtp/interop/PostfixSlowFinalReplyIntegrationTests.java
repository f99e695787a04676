/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.PostfixInstance;
import dev.netsmtp.tls.TlsMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sendAll of 200 messages against a Postfix whose smtpd answers each end of data late (its
 * end-of-data restrictions wait for a policy service), with a send timeout far shorter than the
 * whole batch takes: every message is delivered and reported sent, over BDAT and over DATA
 * pipelined, because each message is bounded on its own (issue 24, cases 1 and 2).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostfixSlowFinalReplyIntegrationTests {

    private static final int N = 200;
    private static final Duration DELAY = Duration.ofMillis(40);
    /** 200 × 40 ms is 8 s for the batch; each message has 2 s. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

    private static PostfixInstance postfix;

    @BeforeAll
    static void start() throws Exception {
        PostfixInstance.assumeAvailable();
        postfix = PostfixInstance.start(DELAY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (postfix != null) {
            postfix.close();
        }
    }

    private static List<OutgoingMessage> batch(String id) {
        List<OutgoingMessage> list = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String message = "From: sender@example.com\r\nTo: rcpt@example.com\r\nSubject: " + i + "\r\nMessage-ID: <"
                    + id + "-" + i + "@netsmtp.test>\r\n\r\nbody " + i + "\r\n";
            list.add(OutgoingMessage.of(
                    Envelope.of("sender@example.com", List.of("rcpt@example.com")),
                    message.getBytes(StandardCharsets.US_ASCII)));
        }
        return list;
    }

    private static void sendsAllOnTime(boolean chunking) throws Exception {
        int before = postfix.deliveredCount();
        SmtpConfig config = SmtpConfig.builder()
                .host("127.0.0.1")
                .port(postfix.slowSmtpPort())
                .helo("batch.netsmtp.test")
                .tls(TlsMode.NONE)
                .chunking(chunking)
                .build();
        long start = System.nanoTime();
        List<SendOutcome> out;
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                config, PoolConfig.builder().maxTotal(1).build())) {
            out = SmtpTemplate.builder(pool)
                    .sendTimeout(SEND_TIMEOUT)
                    .build()
                    .sendAll(batch(UUID.randomUUID().toString()));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("the batch took longer than one send timeout").isGreaterThan(SEND_TIMEOUT);
        assertThat(out).allSatisfy(o -> assertThat(o.isSent()).as("%s", o).isTrue());
        assertThat(postfix.awaitDelivered(before + N, Duration.ofSeconds(60))).hasSize(before + N);
    }

    @Test
    void aBatchOverBdatLongerThanTheSendTimeoutIsAllSent() throws Exception {
        sendsAllOnTime(true);
    }

    @Test
    void aPipelinedBatchOverDataLongerThanTheSendTimeoutIsAllSent() throws Exception {
        sendsAllOnTime(false);
    }

    /**
     * Issue 25: to a Postfix without SMTPUTF8 an internationalised domain goes as its IDNA2008
     * A-label, which Postfix logs as the envelope (never IDNA2003's {@code fass.de}).
     */
    @Test
    void anInternationalisedSenderDomainReachesPostfixAsItsIdna2008ALabel() throws Exception {
        SmtpConfig config = SmtpConfig.builder()
                .host("127.0.0.1")
                .port(postfix.noUtf8SmtpPort())
                .helo("idn.netsmtp.test")
                .tls(TlsMode.NONE)
                .build();
        String id = UUID.randomUUID().toString();
        try (dev.netsmtp.session.SmtpSession s = dev.netsmtp.session.Smtp.start(config)) {
            assertThat(s.capabilities().supportsSmtpUtf8()).isFalse();
            s.sendMessage(
                    Envelope.of("news@faß.de", "rcpt@example.com"),
                    ("Subject: idn\r\nMessage-ID: <" + id + "@netsmtp.test>\r\n\r\nbody\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
        }
        postfix.awaitMessageContaining(id, Duration.ofSeconds(30));
        assertThat(postfix.log()).contains("from=<news@xn--fa-hia.de>").doesNotContain("fass.de");
    }
}
