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
import dev.netsmtp.testing.Await;
import dev.netsmtp.testing.PostfixInstance;
import dev.netsmtp.testing.RecordingProxy;
import dev.netsmtp.tls.TlsMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code sendAll} against a real Postfix: over DATA, each end of data and the next envelope in
 * one write (RFC 2920 section 3.1), over BDAT one write per message; what Postfix logged (no
 * improper pipelining, the command counts) and what it stored, byte for byte.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostfixPipelinedBatchIntegrationTests {

    @RegisterExtension
    static final PostfixClients POSTFIX = new PostfixClients();

    private static final int N = 20;

    private static SmtpConfig.Builder plain(int port) {
        return SmtpConfig.builder()
                .host("127.0.0.1")
                .port(port)
                .helo("batch.netsmtp.test")
                .tls(TlsMode.NONE)
                .readTimeout(Duration.ofSeconds(20));
    }

    private static String body(int i) {
        return ".leading dot " + i + "\n..two\r\nbare CR\r" + "L".repeat(900 + i) + "\r\nno final newline";
    }

    private static List<OutgoingMessage> batch(String id) {
        List<OutgoingMessage> list = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String message = "From: sender@example.com\r\nTo: rcpt@example.com\r\nSubject: " + i + "\r\nMessage-ID: <"
                    + id + "-" + i + "@netsmtp.test>\r\n\r\n" + body(i);
            list.add(OutgoingMessage.of(
                    Envelope.of("sender@example.com", List.of("rcpt@example.com")),
                    message.getBytes(StandardCharsets.UTF_8)));
        }
        return list;
    }

    /** Sends the batch through a recording proxy and returns what the client wrote, write by write. */
    private static List<String> sendAll(String id, boolean chunking) throws Exception {
        PostfixInstance postfix = POSTFIX.postfix();
        try (RecordingProxy proxy = new RecordingProxy(postfix.smtpPort())) {
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    plain(proxy.port()).chunking(chunking).build(),
                    PoolConfig.builder().maxTotal(1).build())) {
                List<SendOutcome> out = SmtpTemplate.of(pool).sendAll(batch(id));
                assertThat(out).allMatch(SendOutcome::isSent);
                assertThat(pool.stats().created())
                        .as("one connection for the batch")
                        .isEqualTo(1);
            }
            return proxy.clientChunks();
        }
    }

    /** Each message as Postfix stored it: the body byte for byte, line endings normalised, no dot-stuffing. */
    private static void assertStoredByteForByte(String id) throws Exception {
        PostfixInstance postfix = POSTFIX.postfix();
        for (int i = 0; i < N; i++) {
            String stored =
                    postfix.awaitMessageContaining("<" + id + "-" + i + "@netsmtp.test>", Duration.ofSeconds(30));
            String expected = body(i).replace("\r\n", "\n").replace("\r", "\n") + "\n";
            assertThat(stored.substring(stored.indexOf("\n\n") + 2)).isEqualTo(expected);
        }
    }

    @Test
    void overDataEachEndOfDataAndTheNextEnvelopeGoInOneWrite() throws Exception {
        String id = UUID.randomUUID().toString();
        int before = POSTFIX.postfix().deliveredCount();
        List<String> writes = sendAll(id, false);
        long joined = writes.stream()
                // The template gives each message a key: ENVID and ORCPT ride along (Postfix offers DSN).
                .filter(w -> w.contains("no final newline\r\n.\r\nMAIL FROM:<sender@example.com>")
                        && w.matches("(?s).*RCPT TO:<rcpt@example.com>[^\r]*\r\nDATA\r\n"))
                .count();
        assertThat(joined)
                .as("writes carrying an end of data and the next envelope")
                .isEqualTo(N - 1);
        assertStoredByteForByte(id);
        assertThat(POSTFIX.postfix().deliveredCount()).isEqualTo(before + N);
        Await.until(() -> POSTFIX.postfix().log().contains("data=" + N + " quit=1"));
        assertThat(POSTFIX.postfix().log()).doesNotContain("improper command pipelining");
    }

    @Test
    void overBdatEachMessageIsOneWrite() throws Exception {
        String id = UUID.randomUUID().toString();
        int before = POSTFIX.postfix().deliveredCount();
        List<String> writes = sendAll(id, true);
        long whole = writes.stream()
                .filter(w -> w.startsWith("MAIL FROM:<sender@example.com>")
                        && w.matches("(?s).*\r\nRCPT TO:<rcpt@example.com>[^\r]*\r\nBDAT .*")
                        && w.endsWith("no final newline\r\n"))
                .count();
        assertThat(whole).as("writes carrying a whole transaction").isEqualTo(N);
        assertStoredByteForByte(id);
        assertThat(POSTFIX.postfix().deliveredCount()).isEqualTo(before + N);
        Await.until(() -> POSTFIX.postfix().log().contains("bdat=" + N + " quit=1"));
        assertThat(POSTFIX.postfix().log()).doesNotContain("improper command pipelining");
    }
}
