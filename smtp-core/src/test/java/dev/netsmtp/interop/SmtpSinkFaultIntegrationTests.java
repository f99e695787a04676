/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.DsnNotify;
import dev.netsmtp.DsnReturn;
import dev.netsmtp.Envelope;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.SmtpServerBusyException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.PostfixSmtpSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults on cue from Postfix's {@code smtp-sink}: each test asserts the typed error netsmtp raises
 * and what the sink really took, so that nothing is lost silently and nothing sent twice.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SmtpSinkFaultIntegrationTests {

    private static final String MESSAGE = "From: a@example.com\r\nTo: b@example.com\r\nSubject: fault\r\n\r\nbody\r\n";

    @BeforeAll
    static void requireSmtpSink() {
        PostfixSmtpSink.assumeAvailable();
    }

    private static SmtpConfig config(PostfixSmtpSink sink) {
        return SmtpConfig.builder()
                .host("127.0.0.1")
                .port(sink.port())
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static SmtpTemplate retryingTemplate(PooledSmtpSessionFactory pool) {
        return SmtpTemplate.builder(pool)
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), 1.0, Duration.ofMillis(10)))
                .build();
    }

    @Test
    void envelopeParametersReachTheServerAsSent() throws Exception {
        try (PostfixSmtpSink sink = PostfixSmtpSink.start()) {
            Envelope envelope = Envelope.builder()
                    .from("a@example.com")
                    .recipient(new Envelope.Recipient(
                            "b@example.com", Set.of(DsnNotify.FAILURE, DsnNotify.DELAY), Optional.of("b@example.com")))
                    .dsnReturn(DsnReturn.FULL)
                    .envelopeId("env-1")
                    .build();
            byte[] eightBit = (MESSAGE + "gr\u00fc\u00dfe\r\n").getBytes(StandardCharsets.UTF_8);
            try (SmtpSession s = Smtp.start(config(sink))) {
                // smtp-sink ends its EHLO reply with an empty "250 " line; that is not a capability.
                assertThat(s.capabilities().keywords())
                        .contains("PIPELINING", "DSN", "8BITMIME")
                        .doesNotContain("");
                s.sendMessage(envelope, eightBit);
            }
            assertThat(sink.messages()).singleElement().satisfies(m -> {
                // smtp-sink does not advertise SIZE, so there is no SIZE parameter.
                assertThat(m).containsPattern("X-Mail-Args: <a@example.com> BODY=8BITMIME RET=FULL ENVID=env-1\r?\n");
                assertThat(m)
                        .containsPattern("X-Rcpt-Args: <b@example.com> NOTIFY=(FAILURE,DELAY|DELAY,FAILURE)"
                                + " ORCPT=rfc822;b@example.com");
            });
        }
    }

    @Test
    void aDropAfterTheEndOfDataIsUncertainAndNeverRetried() throws Exception {
        try (PostfixSmtpSink sink = PostfixSmtpSink.start("-q", ".")) {
            try (SmtpSession s = Smtp.start(config(sink))) {
                assertThatThrownBy(() -> s.sendMessage(MESSAGE, "a@example.com", "b@example.com"))
                        .isInstanceOfSatisfying(SmtpDeliveryUncertainException.class, e -> {
                            assertThat(e.isTransient()).isFalse();
                            assertThat(e.envelope()).hasValueSatisfying(env -> assertThat(env.reversePath())
                                    .isEqualTo("a@example.com"));
                        });
                assertThat(s.isUsable()).isFalse();
            }
            // The sink did take it: the uncertainty is real, which is why the template must not resend.
            assertThat(sink.messages()).hasSize(1);
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(config(sink), PoolConfig.defaults())) {
                assertThatThrownBy(
                                () -> retryingTemplate(pool).send("a@example.com", List.of("b@example.com"), MESSAGE))
                        .isInstanceOf(SmtpDeliveryUncertainException.class);
            }
            assertThat(sink.messages()).as("one more copy, not three").hasSize(2);
        }
    }

    @Test
    void aDropBeforeTheDataIsAConnectionErrorThatTheTemplateRetries() throws Exception {
        try (PostfixSmtpSink sink = PostfixSmtpSink.start("-q", "RCPT")) {
            try (SmtpSession s = Smtp.start(config(sink))) {
                assertThatThrownBy(() -> s.sendMessage(MESSAGE, "a@example.com", "b@example.com"))
                        .isInstanceOfSatisfying(SmtpConnectionException.class, e -> assertThat(e.isTransient())
                                .isTrue());
            }
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(config(sink), PoolConfig.defaults())) {
                assertThatThrownBy(
                                () -> retryingTemplate(pool).send("a@example.com", List.of("b@example.com"), MESSAGE))
                        .isInstanceOf(SmtpConnectionException.class);
                assertThat(pool.stats().created())
                        .as("one connection per attempt")
                        .isEqualTo(3);
            }
            assertThat(sink.messages()).isEmpty();
        }
    }

    @Test
    void a421ClosingReplyIsTransientWithTheServersText() throws Exception {
        try (PostfixSmtpSink sink = PostfixSmtpSink.start("-Q", "MAIL")) {
            try (SmtpSession s = Smtp.start(config(sink))) {
                assertThatThrownBy(() -> s.sendMessage(MESSAGE, "a@example.com", "b@example.com"))
                        .isInstanceOfSatisfying(SmtpServerBusyException.class, e -> {
                            assertThat(e.replyCode()).isEqualTo(421);
                            assertThat(e.isTransient()).isTrue();
                            assertThat(e.getMessage()).contains("421");
                        });
                assertThat(s.isUsable()).isFalse();
            }
            assertThat(sink.messages()).isEmpty();
        }
    }

    @Test
    void softAndHardRefusalsAreTypedAndNothingIsSent() throws Exception {
        try (PostfixSmtpSink sink = PostfixSmtpSink.start("-r", "MAIL")) {
            try (SmtpSession s = Smtp.start(config(sink))) {
                assertThatThrownBy(() -> s.sendMessage(MESSAGE, "a@example.com", "b@example.com"))
                        .isInstanceOfSatisfying(SmtpServerBusyException.class, e -> assertThat(e.replyCode() / 100)
                                .isEqualTo(4));
                assertThat(s.noop().code()).isEqualTo(250); // a refused transaction leaves the session usable
            }
            assertThat(sink.messages()).isEmpty();
        }
        try (PostfixSmtpSink sink = PostfixSmtpSink.start("-f", "RCPT")) {
            try (SmtpSession s = Smtp.start(config(sink))) {
                assertThatThrownBy(() -> s.sendMessage(MESSAGE, "a@example.com", "b@example.com", "c@example.com"))
                        .isInstanceOfSatisfying(SmtpRecipientsRefusedException.class, e -> {
                            assertThat(e.refused()).hasSize(2);
                            assertThat(e.refused())
                                    .allSatisfy(r ->
                                            assertThat(r.reply().code() / 100).isEqualTo(5));
                            assertThat(e.isTransient()).isFalse();
                        });
            }
            assertThat(sink.messages()).isEmpty();
        }
    }

    @Test
    void aRefusalInTheMiddleOfTheDataIsFatalNotUncertain() throws Exception {
        try (PostfixSmtpSink sink = PostfixSmtpSink.start("-A", "0")) {
            byte[] big = ("Subject: big\r\n\r\n" + ("y".repeat(78) + "\r\n").repeat(40_000))
                    .getBytes(StandardCharsets.US_ASCII);
            for (byte[] message : List.of(MESSAGE.getBytes(StandardCharsets.US_ASCII), big)) {
                try (SmtpSession s = Smtp.start(config(sink))) {
                    assertThatThrownBy(() -> s.sendMessage(message, "a@example.com", "b@example.com"))
                            .isInstanceOf(SmtpException.class)
                            .isNotInstanceOf(SmtpDeliveryUncertainException.class)
                            .satisfies(e -> assertThat(((SmtpException) e).replyCode())
                                    .as(e.toString())
                                    .isIn(550, 0));
                }
            }
            // The same through a message stream: the IOException carries the typed error.
            try (SmtpSession s = Smtp.start(config(sink))) {
                assertThatThrownBy(() -> {
                            try (java.io.OutputStream out = s.openMessageStream("a@example.com", "b@example.com")) {
                                for (int i = 0; i < big.length; i += 8192) {
                                    out.write(big, i, Math.min(8192, big.length - i));
                                }
                            }
                        })
                        .isInstanceOf(java.io.IOException.class)
                        .cause()
                        .isInstanceOfSatisfying(SmtpException.class, e -> {
                            assertThat(e).isNotInstanceOf(SmtpDeliveryUncertainException.class);
                            assertThat(e.replyCode()).as(e.toString()).isIn(550, 0);
                        });
            }
            assertThat(sink.messages()).isEmpty();
        }
    }

    @Test
    void aServerThatStallsHitsTheReadTimeout() throws Exception {
        try (PostfixSmtpSink sink = PostfixSmtpSink.start("-w", "10")) {
            SmtpConfig cfg = SmtpConfig.builder()
                    .host("127.0.0.1")
                    .port(sink.port())
                    .readTimeout(Duration.ofMillis(500))
                    .build();
            long start = System.nanoTime();
            try (SmtpSession s = Smtp.start(cfg)) {
                assertThatThrownBy(() -> s.sendMessage(MESSAGE, "a@example.com", "b@example.com"))
                        // smtp-sink holds the pipelined group's replies until its delayed DATA reply.
                        .isInstanceOf(SmtpTimeoutException.class)
                        .hasMessageContaining("read timeout of PT0.5S");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(sink.messages()).isEmpty();
        }
    }

    @Test
    void aFatalReplyIsNotRetried() throws Exception {
        try (PostfixSmtpSink sink = PostfixSmtpSink.start("-f", "DATA");
                PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(config(sink), PoolConfig.defaults())) {
            assertThatThrownBy(() -> retryingTemplate(pool).send("a@example.com", List.of("b@example.com"), MESSAGE))
                    .isInstanceOfSatisfying(SmtpException.class, e -> {
                        assertThat(e.replyCode()).isEqualTo(500); // smtp-sink's -f reply: 500 5.3.0
                        assertThat(e.isTransient()).isFalse();
                    });
            assertThat(pool.stats().created()).isEqualTo(1);
            assertThat(sink.messages()).isEmpty();
        }
    }
}
