/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.ScriptedSmtpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * Every bound in time, with the peer stalling or dripping at each step: the greeting, the MAIL
 * reply, the message data (a write the server does not read), the final reply, DNS and connect.
 * Each test states its bound and asserts the failure came within it plus one second.
 */
class SessionTimeBoundsTests {

    private static final Duration SLACK = Duration.ofSeconds(1);

    private static SmtpConfig.Builder config(ScriptedSmtpServer server) {
        return server.config().readTimeout(SmtpConfig.DEFAULT_READ_TIMEOUT);
    }

    private static SmtpTemplate template(SmtpConfig config, Duration sendTimeout) {
        return SmtpTemplate.builder(new SimpleSmtpSessionFactory(config))
                .sendTimeout(sendTimeout)
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    /** Runs the call, which must fail with {@code type} within {@code bound} plus a second. */
    private static <T extends Throwable> T failsWithin(Duration bound, Class<T> type, ThrowingSupplier<?> call) {
        long start = System.nanoTime();
        Throwable thrown = null;
        try {
            call.get();
        } catch (Throwable t) {
            thrown = t;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(thrown).as("the call should have failed").isInstanceOf(type);
        assertThat(took).as("time until the failure").isLessThan(bound.plus(SLACK));
        return type.cast(thrown);
    }

    private static byte[] bigMessage(int mib) {
        byte[] line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n".getBytes();
        byte[] m = new byte[mib * 1024 * 1024];
        for (int i = 0; i < m.length; i++) {
            m[i] = line[i % line.length];
        }
        return m;
    }

    @Test
    void aWriteTheServerDoesNotReadEndsWithinTheWriteTimeoutAndNothingIsCompletedAfterwards() throws Exception {
        AtomicBoolean completedLater = new AtomicBoolean();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            c.stall(Duration.ofSeconds(3)); // reads nothing: the client's socket buffers fill
            try {
                c.readData();
                completedLater.set(true);
            } catch (IOException expected) {
                // The client closed the connection inside the data: the message is not delivered.
            }
        })) {
            byte[] message = bigMessage(32);
            try (SmtpSession s = Smtp.start(config(server)
                    .writeTimeout(Duration.ofSeconds(1))
                    .readTimeout(Duration.ofSeconds(4))
                    .build())) {
                SmtpTimeoutException e = failsWithin(
                        Duration.ofSeconds(1),
                        SmtpTimeoutException.class,
                        () -> s.sendMessage(message, "a@b.example", "x@y.example"));
                assertThat(e).hasMessageContaining("write timeout of PT1S");
                assertThat(e.command()).contains("message data (not delivered)");
                assertThat(s.isUsable()).isFalse();
            }
            server.verify();
            assertThat(completedLater).isFalse();
        }
    }

    @Test
    void aStalledWriteThroughTheTemplateEndsAtTheSendTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            c.stall(Duration.ofSeconds(5));
        })) {
            SmtpTemplate template =
                    template(config(server).readTimeout(Duration.ofSeconds(4)).build(), Duration.ofSeconds(1));
            byte[] message = bigMessage(32);
            SmtpTimeoutException e = failsWithin(
                    Duration.ofSeconds(1),
                    SmtpTimeoutException.class,
                    () -> template.send("a@b.example", List.of("x@y.example"), message));
            assertThat(e).hasMessageContaining("time limit");
        }
    }

    @Test
    void anEndlessDrippedGreetingEndsWithinTheReadTimeout() throws Exception {
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.start(c -> c.drip("220-still greeting\r\n".repeat(100), Duration.ofMillis(20)))) {
            SmtpTimeoutException e = failsWithin(
                    Duration.ofSeconds(1),
                    SmtpTimeoutException.class,
                    () -> Smtp.start(
                            config(server).readTimeout(Duration.ofSeconds(1)).build()));
            assertThat(e).hasMessageContaining("read timeout of PT1S");
            assertThat(e.command()).contains("<greeting>");
        }
    }

    @Test
    void aDrippedMailReplyEndsAtTheSendTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("MAIL FROM:");
            c.drip("250 2.1.0 sender ok\r\n", Duration.ofMillis(300));
        })) {
            SmtpTemplate template =
                    template(config(server).readTimeout(Duration.ofSeconds(4)).build(), Duration.ofSeconds(1));
            SmtpTimeoutException e = failsWithin(
                    Duration.ofSeconds(1),
                    SmtpTimeoutException.class,
                    () -> template.send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n"));
            assertThat(e.command()).hasValueSatisfying(cmd -> assertThat(cmd).startsWith("MAIL FROM:"));
        }
    }

    @Test
    void aDrippedFinalReplyIsUncertainWithinTheFinalReplyTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            c.readData();
            c.drip("250 2.0.0 queued as 1234\r\n", Duration.ofMillis(300));
        })) {
            try (SmtpSession s = Smtp.start(config(server)
                    .readTimeout(Duration.ofSeconds(5))
                    .finalReplyTimeout(Duration.ofSeconds(1))
                    .build())) {
                failsWithin(
                        Duration.ofSeconds(1),
                        SmtpDeliveryUncertainException.class,
                        () -> s.sendMessage("Subject: t\r\n\r\nhi\r\n", "a@b.example", "x@y.example"));
            }
        }
    }

    @Test
    void theFinalReplyMayTakeLongerThanTheReadTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.envelopeTo354();
            c.readData();
            c.stall(Duration.ofMillis(1500)); // longer than the read timeout: a slow content filter
            c.reply("250 2.0.0 queued");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s =
                    Smtp.start(config(server).readTimeout(Duration.ofSeconds(1)).build())) {
                assertThat(s.sendMessage("Subject: t\r\n\r\nhi\r\n", "a@b.example", "x@y.example")
                                .reply()
                                .code())
                        .isEqualTo(250);
            }
            server.verify();
        }
    }

    @Test
    void aServerThatNeverGreetsFailsWithinTheSendTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> c.stall(Duration.ofSeconds(10)))) {
            SmtpTemplate template = template(config(server).build(), Duration.ofMillis(500));
            failsWithin(
                    Duration.ofMillis(500),
                    SmtpTimeoutException.class,
                    () -> template.send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n"));
        }
    }

    @Test
    void twoServersThatNeverGreetFailWithinOneSendTimeout() throws Exception {
        try (ScriptedSmtpServer first = ScriptedSmtpServer.start(c -> c.stall(Duration.ofSeconds(10)));
                ScriptedSmtpServer second = ScriptedSmtpServer.start(c -> c.stall(Duration.ofSeconds(10)))) {
            HostList hosts = HostList.of(config(first).build(), config(second).build());
            SmtpTemplate template = SmtpTemplate.builder(new SimpleSmtpSessionFactory(hosts))
                    .sendTimeout(Duration.ofMillis(800))
                    .build();
            failsWithin(
                    Duration.ofMillis(800),
                    SmtpTimeoutException.class,
                    () -> template.send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n"));
        }
    }

    @Test
    void aHangingDnsLookupEndsWithinTheConnectTimeout() {
        SmtpConfig config = SmtpConfig.builder()
                .host("mail.test")
                .resolver(host -> {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return List.of(InetAddress.getLoopbackAddress());
                })
                .connectTimeout(Duration.ofMillis(500))
                .build();
        SmtpTimeoutException e =
                failsWithin(Duration.ofMillis(500), SmtpTimeoutException.class, () -> Smtp.start(config));
        assertThat(e).hasMessageContaining("connect timeout of PT0.5S");
    }

    @Test
    void everyResolvedAddressIsTriedInOrder() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            // 127.0.0.2 is loopback too, and nothing listens on this port there: refused.
            SmtpConfig config = SmtpConfig.builder()
                    .host("mail.test")
                    .port(server.port())
                    .tls(dev.netsmtp.tls.TlsMode.NONE) // not on loopback by name: clear text said by name
                    .resolver(host ->
                            Arrays.asList(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1")))
                    .build();
            try (SmtpSession s = Smtp.start(config)) {
                assertThat(s.greeting().code()).isEqualTo(220);
            }
            server.verify();
        }
    }

    @Test
    void aTimeoutLeavesTheSessionClosedAndTyped() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("NOOP");
            c.stall(Duration.ofSeconds(5));
        })) {
            try (SmtpSession s = Smtp.start(
                    config(server).readTimeout(Duration.ofMillis(500)).build())) {
                SmtpException e = failsWithin(Duration.ofMillis(500), SmtpTimeoutException.class, s::noop);
                assertThat(e.isTransient()).isTrue();
                assertThat(s.isUsable()).isFalse();
            }
        }
    }
}
