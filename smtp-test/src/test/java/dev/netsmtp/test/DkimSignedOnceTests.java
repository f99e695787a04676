/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.dkim.DkimKey;
import dev.netsmtp.dkim.DkimSigner;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.HostList;
import dev.netsmtp.template.SmtpTemplate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed once: a template that signs (DKIM) signs each message before its first attempt, so a send
 * that fails after the data and goes again on another server delivers byte-identical signed
 * messages to both (the same {@code b=}); bytes, a stream and a writer alike (the stream's body
 * kept in a file, deleted after), and every shape (sendAll, sendAsync) signs.
 */
@Timeout(60)
class DkimSignedOnceTests {

    private static final Envelope ENVELOPE = Envelope.of("shop@example.com", "ann@example.net");

    private static DkimSigner signer() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        return DkimSigner.builder()
                .key(DkimKey.of("example.com", "ed2026", g.generateKeyPair().getPrivate()))
                .build();
    }

    private static byte[] message(String subject) {
        return ("From: shop@example.com\r\nTo: ann@example.net\r\nSubject: " + subject + "\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aSendRetriedOnAnotherServerDeliversTheSameSignedBytesToBoth(@TempDir Path spool) throws Exception {
        for (String shape : List.of("bytes", "stream", "writer")) {
            try (SmtpTestServer first = SmtpTestServer.builder().start();
                    SmtpTestServer second = SmtpTestServer.builder().start()) {
                // The first stores the message, then answers 421 and refuses the next connection.
                first.failAt(Step.END_OF_DATA).storingFirst().replyThenDisconnect("421 4.3.2 closing");
                first.failAt(Step.GREETING).skip(1).always().reply("421 4.3.2 not now");
                HostList hosts = HostList.of(
                        first.clientConfig().build(), second.clientConfig().build());
                try (PooledSmtpSessionFactory pool =
                        new PooledSmtpSessionFactory(hosts, PoolConfig.builder().build())) {
                    SmtpTemplate template = SmtpTemplate.builder(pool)
                            .sleeper(d -> {})
                            .dkim(signer())
                            .dkimSpool(spool)
                            .build();
                    byte[] m = message("signed once " + shape);
                    switch (shape) {
                        case "bytes" -> template.send(ENVELOPE, m);
                        case "stream" -> template.send(ENVELOPE, new ByteArrayInputStream(m));
                        default -> template.send(ENVELOPE, out -> out.write(m));
                    }
                }
                ReceivedMessage a =
                        first.messagesWithSubject("signed once " + shape).get(0);
                ReceivedMessage b =
                        second.messagesWithSubject("signed once " + shape).get(0);
                assertThat(a.rawText()).as(shape).startsWith("DKIM-Signature: v=1; a=ed25519-sha256;");
                assertThat(b.raw()).as(shape + ": byte-identical, the same b=").isEqualTo(a.raw());
            }
            try (var files = Files.list(spool)) {
                assertThat(files)
                        .as("the stream's file is deleted after the send")
                        .isEmpty();
            }
        }
    }

    @Test
    void everyShapeSigns() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().start();
                PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                        server.clientConfig().build(), PoolConfig.builder().build())) {
            SmtpTemplate template = SmtpTemplate.builder(pool).dkim(signer()).build();
            template.sendAll(List.of(
                    OutgoingMessage.of(ENVELOPE, message("all 1")), OutgoingMessage.of(ENVELOPE, message("all 2"))));
            ExecutorService executor = Executors.newFixedThreadPool(2);
            try {
                template.sendAsync(OutgoingMessage.of(ENVELOPE, message("async")), executor)
                        .get(30, TimeUnit.SECONDS);
                template.sendAll(List.of(OutgoingMessage.of(ENVELOPE, message("executor"))), executor);
            } finally {
                executor.shutdownNow();
            }
            for (String subject : List.of("all 1", "all 2", "async", "executor")) {
                assertThat(server.messagesWithSubject(subject).get(0).rawText())
                        .as(subject)
                        .startsWith("DKIM-Signature: ");
            }
        }
    }
}
