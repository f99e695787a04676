/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.DsnNotify;
import dev.netsmtp.DsnReturn;
import dev.netsmtp.EnhancedStatusCode;
import dev.netsmtp.Envelope;
import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpFatalException;
import dev.netsmtp.SmtpMessageTooLargeException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.Await;
import dev.netsmtp.testing.PostfixInstance;
import dev.netsmtp.testing.RecordingProxy;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every ESMTP feature netsmtp claims, proven against a real Postfix: each test asserts what
 * Postfix stored in its Maildir or wrote in its log, not only that no exception was thrown.
 * TLS and AUTH are in {@link PostfixTlsAuthIntegrationTests}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostfixInteropIntegrationTests {

    @RegisterExtension
    static final PostfixClients POSTFIX = new PostfixClients();

    @Test
    void pipeliningSendsTheEnvelopeAndDataInOneWrite() throws Exception {
        String id = PostfixClients.id();
        try (RecordingProxy proxy = new RecordingProxy(POSTFIX.postfix().smtpPort())) {
            // DATA, by name: with CHUNKING on, Postfix would get BDAT (the next test).
            SmtpConfig cfg = POSTFIX.plain().port(proxy.port()).chunking(false).build();
            try (SmtpSession s = Smtp.start(cfg)) {
                assertThat(s.capabilities().supportsPipelining()).isTrue();
                s.sendMessage(PostfixClients.message(id, "pipelined\r\n"), "sender@example.com", "rcpt@example.com");
            }
            assertThat(proxy.clientChunks())
                    .anyMatch(c -> c.startsWith("MAIL FROM:<sender@example.com>")
                            && c.contains("\r\nRCPT TO:<rcpt@example.com>\r\n")
                            && c.endsWith("DATA\r\n"));
        }
        assertThat(POSTFIX.delivered(id)).contains("pipelined");
        assertThat(POSTFIX.postfix().log()).doesNotContain("improper command pipelining");
    }

    @Test
    void chunkingSendsTheWholeTransactionInOneWriteAndPostfixStoresItByteForByte() throws Exception {
        String id = PostfixClients.id();
        String body = ".one leading dot\n..two\r\nbare CR\r" + "L".repeat(1200) + "\r\nno final newline";
        String message = PostfixClients.message(id, body);
        int before = POSTFIX.postfix().deliveredCount();
        try (RecordingProxy proxy = new RecordingProxy(POSTFIX.postfix().smtpPort())) {
            try (SmtpSession s = Smtp.start(POSTFIX.plain().port(proxy.port()).build())) {
                assertThat(s.capabilities().supports("CHUNKING")).isTrue();
                s.sendMessage(message, "sender@example.com", "rcpt@example.com");
            }
            // MAIL, RCPT, BDAT n LAST and every byte of the message: one write, one round trip.
            assertThat(proxy.clientChunks())
                    .anyMatch(c -> c.startsWith("MAIL FROM:<sender@example.com>")
                            && c.contains("\r\nRCPT TO:<rcpt@example.com>\r\nBDAT ")
                            && c.endsWith("no final newline\r\n"));
        }
        String stored = POSTFIX.delivered(id);
        // Postfix stores lines ending in LF and adds headers of its own (Received, a Date the
        // message lacked): the body is there byte for byte, line endings normalised, no dot-stuffing.
        String expectedBody = body.replace("\r\n", "\n").replace("\r", "\n") + "\n";
        assertThat(stored.substring(stored.indexOf("\n\n") + 2)).isEqualTo(expectedBody);
        assertThat(stored).contains("From: sender@example.com\n", "Message-ID: <" + id + "@netsmtp.test>\n");
        assertThat(POSTFIX.postfix().deliveredCount()).isEqualTo(before + 1);
        Await.until(() -> POSTFIX.postfix().log().contains("bdat=1"));
        assertThat(POSTFIX.postfix().log()).doesNotContain("improper command pipelining");
    }

    @Test
    void sizeOverTheLimitIsRefusedBeforeDataOrByPostfixForAStream() throws Exception {
        byte[] big =
                ("Subject: big\r\n\r\n" + "x".repeat(998) + "\r\n").repeat(250).getBytes(StandardCharsets.US_ASCII);
        int before = POSTFIX.postfix().deliveredCount();
        try (SmtpSession s = Smtp.start(POSTFIX.plain().build())) {
            assertThat(s.capabilities().sizeLimit()).hasValue(PostfixInstance.SIZE_LIMIT);
            assertThatThrownBy(() -> s.sendMessage(big, "sender@example.com", "rcpt@example.com"))
                    .isInstanceOf(SmtpMessageTooLargeException.class);
            // A stream's size is not known in advance: Postfix refuses it at the end of data.
            assertThatThrownBy(() ->
                            s.sendMessage(new ByteArrayInputStream(big), "sender@example.com", "rcpt@example.com"))
                    .isInstanceOfSatisfying(SmtpFatalException.class, e -> {
                        assertThat(e.replyCode()).isEqualTo(552);
                        assertThat(e.enhancedStatusCode()).contains(new EnhancedStatusCode(5, 3, 4));
                    });
            assertThat(s.noop().code()).isEqualTo(250); // the session goes on
            // A marker after the refusals: once it is delivered, anything queued before it
            // would have been too, so the count proves the refused message never arrived.
            String marker = PostfixClients.id();
            s.sendMessage(PostfixClients.message(marker, "marker\r\n"), "sender@example.com", "rcpt@example.com");
            POSTFIX.delivered(marker);
        }
        assertThat(POSTFIX.postfix().deliveredCount()).isEqualTo(before + 1);
    }

    @Test
    void eightBitBodyAndSmtpUtf8AddressArriveByteForByte() throws Exception {
        String id = PostfixClients.id();
        String body = "Gr\u00fc\u00dfe aus K\u00f6ln \u2014 \u65e5\u672c\u8a9e\r\n";
        String message = "From: j\u00f6rg@example.com\r\nTo: \u00fcser@example.com\r\nSubject: " + id
                + "\r\nMessage-ID: <" + id + "@netsmtp.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body;
        Smtp.start(POSTFIX.plain().build(), s -> {
            assertThat(s.capabilities().supports8BitMime()).isTrue();
            assertThat(s.capabilities().supportsSmtpUtf8()).isTrue();
            s.sendMessage(message, "j\u00f6rg@example.com", "\u00fcser@example.com");
        });
        String stored = POSTFIX.delivered(id);
        assertThat(stored).contains("Delivered-To: \u00fcser@example.com", "Return-Path: <j\u00f6rg@example.com>");
        assertThat(stored).contains(body.replace("\r\n", "\n"));
        assertThat(stored).contains("with UTF8SMTP id").doesNotContain("=?"); // not downgraded
    }

    @Test
    void dsnParametersAreAcceptedAndHonoured() throws Exception {
        String id = PostfixClients.id();
        Envelope envelope = Envelope.builder()
                .from("dsn-sender@example.com")
                .recipient(new Envelope.Recipient(
                        "dsn-rcpt@example.com",
                        Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE),
                        Optional.of("dsn-rcpt@example.com")))
                .dsnReturn(DsnReturn.HDRS)
                .envelopeId("env-" + id)
                .build();
        Smtp.start(
                POSTFIX.plain().build(),
                s -> s.sendMessage(
                        envelope, PostfixClients.message(id, "dsn\r\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(POSTFIX.delivered(id)).contains("dsn");
        // NOTIFY=SUCCESS makes Postfix send a success DSN to the reverse path, carrying our ENVID.
        String dsn =
                POSTFIX.postfix().awaitMessageContaining("Original-Envelope-Id: env-" + id, Duration.ofSeconds(30));
        assertThat(dsn)
                .contains(
                        "Delivered-To: dsn-sender@example.com",
                        "Action: delivered",
                        "Original-Recipient: rfc822;dsn-rcpt@example.com");
    }

    @Test
    void dotsBareLineFeedsAndLongLinesArriveAsTheRfcSays() throws Exception {
        String id = PostfixClients.id();
        String longLine = "L".repeat(1500);
        String body = ".one leading dot\n..two leading dots\n.\nbare LF above, bare CR here\r" + longLine
                + "\nno final newline";
        Smtp.start(
                POSTFIX.plain().build(),
                s -> s.sendMessage(PostfixClients.message(id, body), "sender@example.com", "rcpt@example.com"));
        String stored = POSTFIX.delivered(id);
        assertThat(stored)
                .contains("\n.one leading dot\n..two leading dots\n.\nbare LF above, bare CR here\n" + longLine
                        + "\nno final newline\n");
    }

    @Test
    void refusedRecipientsCarryTheirEnhancedStatusAndNothingIsSent() throws Exception {
        int before = POSTFIX.postfix().deliveredCount();
        try (SmtpSession s = Smtp.start(POSTFIX.plain().build())) {
            assertThatThrownBy(() -> s.sendMessage(
                            PostfixClients.message(PostfixClients.id(), "x\r\n"),
                            "sender@example.com",
                            "ok@example.com",
                            "someone@elsewhere.test"))
                    .isInstanceOfSatisfying(SmtpRecipientsRefusedException.class, e -> {
                        assertThat(e.refused()).singleElement().satisfies(r -> {
                            assertThat(r.recipient()).isEqualTo("someone@elsewhere.test");
                            assertThat(r.reply().code()).isEqualTo(554);
                            assertThat(r.reply().enhancedStatusCode()).contains(new EnhancedStatusCode(5, 7, 1));
                        });
                        assertThat(e.accepted()).extracting(r -> r.recipient()).containsExactly("ok@example.com");
                    });
        }
        SmtpConfig partial =
                POSTFIX.plain().recipientPolicy(RecipientPolicy.PARTIAL).build();
        String id = PostfixClients.id();
        SendResult result = Smtp.call(
                partial,
                s -> s.sendMessage(
                        PostfixClients.message(id, "partial\r\n"),
                        "sender@example.com",
                        "ok@example.com",
                        "someone@elsewhere.test"));
        assertThat(result.rejectedRecipients()).containsExactly("someone@elsewhere.test");
        assertThat(POSTFIX.delivered(id)).contains("Delivered-To: ok@example.com");
        assertThat(POSTFIX.postfix().deliveredCount()).isEqualTo(before + 1);
        assertThat(POSTFIX.postfix().log()).contains("Relay access denied");
    }

    @Test
    void aThousandMessagesThroughThePoolArriveOnceEach() throws Exception {
        int before = POSTFIX.postfix().deliveredCount();
        String batch = PostfixClients.id();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                POSTFIX.starttls()
                        .auth(PostfixInstance.USER, PostfixInstance.PASSWORD)
                        .build(),
                PoolConfig.builder().maxTotal(4).build())) {
            SmtpTemplate template = SmtpTemplate.of(pool);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(threads.submit(() -> {
                    for (int i = 0; i < 125; i++) {
                        template.send(
                                "sender@example.com",
                                List.of("bulk@example.com"),
                                PostfixClients.message(batch + "-" + thread + "-" + i, "bulk\r\n"));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            assertThat(pool.stats().created()).as("sessions are reused").isLessThanOrEqualTo(8);
        } finally {
            threads.shutdownNow();
        }
        List<byte[]> all = POSTFIX.postfix().awaitDelivered(before + 1000, Duration.ofSeconds(90));
        Pattern messageId = Pattern.compile("Message-ID: <(" + Pattern.quote(batch) + "-[0-9]+-[0-9]+)@netsmtp.test>");
        Set<String> ids = new HashSet<>();
        int copies = 0;
        for (byte[] m : all) {
            Matcher matcher = messageId.matcher(new String(m, StandardCharsets.UTF_8));
            if (matcher.find()) {
                copies++;
                ids.add(matcher.group(1));
            }
        }
        assertThat(ids).hasSize(1000);
        assertThat(copies).as("no message delivered twice").isEqualTo(1000);
    }

    @Test
    void aStreamedMessageOfUnknownSizeArrivesWhole() throws Exception {
        String id = PostfixClients.id();
        InputStream stream = new InputStream() {
            private final byte[] head = PostfixClients.message(id, "").getBytes(StandardCharsets.US_ASCII);
            private int pos;
            private final int total = head.length + 150_000;

            @Override
            public int read() {
                if (pos >= total) {
                    return -1;
                }
                int b = pos < head.length ? head[pos] : ((pos - head.length) % 100 == 99 ? '\n' : 'a');
                pos++;
                return b;
            }
        };
        try (RecordingProxy proxy = new RecordingProxy(POSTFIX.postfix().smtpPort())) {
            Smtp.start(
                    POSTFIX.plain().port(proxy.port()).build(),
                    s -> s.sendMessage(stream, "sender@example.com", "rcpt@example.com"));
            // Postfix offers CHUNKING: the stream goes in chunks of 64 KiB, then the rest with LAST.
            String wire = String.join("", proxy.clientChunks());
            assertThat(wire).contains("BDAT 65536\r\n").containsPattern("BDAT [0-9]+ LAST\r\n");
        }
        String stored = POSTFIX.delivered(id);
        // Every line as sent, LF-terminated in the Maildir, nothing lost between chunks.
        String body = stored.substring(stored.indexOf("\n\n") + 2);
        assertThat(body).isEqualTo(("a".repeat(99) + "\n").repeat(1500));
        Await.until(() -> POSTFIX.postfix().log().contains("bdat=3"));
    }
}
