/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.SmtpServerBusyException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.HostList;
import dev.netsmtp.session.SimpleSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.MutableClock;
import dev.netsmtp.testing.ScriptedSmtpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retries, uncertainty, failover and the send deadline, against scripted servers that fail on cue. */
class SmtpTemplateRetryTests {

    private static final String MSG = "Subject: r\r\n\r\nretry me\r\n";

    private final List<Duration> sleeps = new ArrayList<>();

    private static SmtpConfig config(ScriptedSmtpServer server) {
        return SmtpConfig.builder()
                .host(server.host())
                .port(server.port())
                .readTimeout(Duration.ofSeconds(5))
                .build();
    }

    private SmtpTemplate template(SmtpConfig config) {
        return SmtpTemplate.builder(new SimpleSmtpSessionFactory(config))
                .sleeper(sleeps::add)
                .build();
    }

    private static void deliver(Conversation c, List<byte[]> delivered) throws IOException {
        delivered.add(c.deliversOneMessage());
    }

    @Test
    void connectionClosedAfterRcptIsRetriedAndDeliveredOnce() throws Exception {
        List<byte[]> delivered = new ArrayList<>();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    c.greetAndEhlo();
                    c.expect("MAIL");
                    c.reply("250 ok");
                    c.expect("RCPT");
                    c.close();
                },
                c -> deliver(c, delivered))) {
            SendResult result = template(config(server)).send("a@b.c", List.of("x@y.z"), MSG);
            assertThat(result.queueId()).contains("Q1");
            server.verify();
        }
        assertThat(delivered).hasSize(1);
        assertThat(sleeps).containsExactly(Duration.ofMillis(200));
    }

    @Test
    void lostReplyAfterEndOfDataIsUncertainAndNotRetried() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Conversation::losesTheFinalReply)) {
            assertThatThrownBy(() -> template(config(server)).send("a@b.c", List.of("x@y.z"), MSG))
                    .isInstanceOf(SmtpDeliveryUncertainException.class);
            server.verify();
            assertThat(server.conversations()).hasSize(1);
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void transientReplyIsRetriedButPermanentIsNot() throws Exception {
        List<byte[]> delivered = new ArrayList<>();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    c.greetAndEhlo();
                    c.expect("MAIL");
                    c.reply("451 4.3.0 try again later");
                    c.expect("QUIT");
                    c.reply("221 bye");
                },
                c -> deliver(c, delivered),
                c -> {
                    c.greetAndEhlo();
                    c.expect("MAIL");
                    c.reply("250 ok");
                    c.expect("RCPT");
                    c.reply("550 5.1.1 no such user");
                    c.expect("RSET");
                    c.reply("250 ok");
                    c.expect("QUIT");
                    c.reply("221 bye");
                })) {
            SmtpTemplate template = template(config(server));
            template.send("a@b.c", List.of("x@y.z"), MSG);
            assertThatThrownBy(() -> template.send("a@b.c", List.of("gone@y.z"), MSG))
                    .isInstanceOf(SmtpRecipientsRefusedException.class);
            server.verify();
        }
        assertThat(delivered).hasSize(1);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void aPartlyReadStreamIsNeverRetried() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("MAIL");
            c.expect("RCPT");
            c.expect("DATA");
            c.reply("250 ok", "250 ok", "354 go");
            c.close();
        })) {
            byte[] big = ("Subject: big\r\n\r\n" + "x".repeat(200) + "\r\n")
                    .repeat(20_000)
                    .getBytes(StandardCharsets.US_ASCII);
            assertThatThrownBy(() ->
                            template(config(server)).send("a@b.c", List.of("x@y.z"), new ByteArrayInputStream(big)))
                    .isInstanceOf(SmtpConnectionException.class);
            server.verify();
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void pooledSessionDroppedWhileIdleDoesNotFailTheNextSend() throws Exception {
        List<byte[]> delivered = new ArrayList<>();
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    c.greetAndEhlo("PIPELINING");
                    c.expect("MAIL");
                    c.expect("RCPT");
                    c.expect("DATA");
                    c.reply("250 ok", "250 ok", "354 go");
                    delivered.add(c.readData());
                    c.reply("250 ok");
                    c.close(); // the server's idle timeout drops the connection
                    closed.countDown();
                },
                c -> deliver(c, delivered))) {
            // Validation is not due yet, so the stale session is found out by the send, which is retried.
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    config(server),
                    PoolConfig.builder()
                            .idleValidationAfter(Duration.ofMinutes(5))
                            .build())) {
                SmtpTemplate template =
                        SmtpTemplate.builder(pool).sleeper(sleeps::add).build();
                template.send("a@b.c", List.of("x@y.z"), MSG);
                // The server has closed: the pooled session is stale before the second send.
                assertThat(closed.await(5, java.util.concurrent.TimeUnit.SECONDS))
                        .isTrue();
                template.send("a@b.c", List.of("x@y.z"), MSG);
            }
            server.verify();
        }
        assertThat(delivered).hasSize(2);
        // Found out by the send, not by a validation, and retried once on a new connection.
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void failsOverToTheSecondHostAndSkipsTheFailedOneForAWhile() throws Exception {
        List<byte[]> delivered = new ArrayList<>();
        MutableClock clock = new MutableClock();
        int deadPort;
        try (ServerSocket dead = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = dead.getLocalPort(); // closed at once: connections to it are refused
        }
        try (ScriptedSmtpServer busy = ScriptedSmtpServer.start(c -> c.reply("421 4.3.2 overloaded"));
                ScriptedSmtpServer good =
                        ScriptedSmtpServer.startEach(c -> deliver(c, delivered), c -> deliver(c, delivered))) {
            HostList hosts = HostList.of(
                            SmtpConfig.builder()
                                    .host("127.0.0.1")
                                    .port(deadPort)
                                    .build(),
                            config(busy),
                            config(good))
                    .withClock(clock);
            SmtpTemplate template = SmtpTemplate.builder(new SimpleSmtpSessionFactory(hosts))
                    .sleeper(sleeps::add)
                    .build();
            template.send("a@b.c", List.of("x@y.z"), MSG);
            template.send("a@b.c", List.of("x@y.z"), MSG); // the failed hosts are skipped, not tried
            busy.verify();
            good.verify();
            assertThat(busy.conversations()).hasSize(1);
        }
        assertThat(delivered).hasSize(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void allHostsDownGivesTheLastErrorWithTheOthersSuppressed() throws Exception {
        try (ScriptedSmtpServer busy = ScriptedSmtpServer.start(c -> c.reply("421 4.3.2 overloaded"))) {
            HostList hosts =
                    HostList.of(SmtpConfig.builder().host("127.0.0.1").port(1).build(), config(busy));
            assertThatThrownBy(() -> new SimpleSmtpSessionFactory(hosts).getSession())
                    .isInstanceOf(SmtpServerBusyException.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
            busy.verify();
        }
    }

    @Test
    void theSendTimeoutBoundsAServerThatStallsAndIsNotExceededByRetries() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("MAIL");
            c.awaitClose(); // never answers
        })) {
            SmtpTemplate template = SmtpTemplate.builder(new SimpleSmtpSessionFactory(config(server)))
                    .sendTimeout(Duration.ofMillis(400))
                    .sleeper(sleeps::add)
                    .build();
            long start = System.nanoTime();
            assertThatThrownBy(() -> template.send("a@b.c", List.of("x@y.z"), MSG))
                    .isInstanceOf(SmtpTimeoutException.class)
                    .hasMessageContaining("time limit");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            server.verify();
        }
        assertThat(sleeps).isEmpty();
    }
}
