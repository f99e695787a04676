package dev.netsmtp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.DsnNotify;
import dev.netsmtp.DsnReturn;
import dev.netsmtp.EnhancedStatusCode;
import dev.netsmtp.Envelope;
import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.SmtpFatalException;
import dev.netsmtp.SmtpMessageTooLargeException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.SmtpUnsupportedCommandException;
import dev.netsmtp.auth.AuthMechanism;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.Await;
import dev.netsmtp.testing.PostfixInstance;
import dev.netsmtp.testing.RecordingProxy;
import dev.netsmtp.tls.TlsMode;
import dev.netsmtp.tls.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every ESMTP feature netsmtp claims, proven against a real Postfix: each test asserts what
 * Postfix stored in its Maildir or wrote in its log, not only that no exception was thrown.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostfixInteropIntegrationTests {

    private static PostfixInstance postfix;
    private static SSLContext trust;

    @BeforeAll
    static void startPostfix() throws Exception {
        PostfixInstance.assumeAvailable();
        postfix = PostfixInstance.start();
        trust = TlsSettings.trusting(postfix.trustStore());
    }

    @AfterAll
    static void stopPostfix() throws Exception {
        if (postfix != null) {
            postfix.close();
        }
    }

    /** Clear text by name: Postfix offers STARTTLS, and the default would take it. */
    private static SmtpConfig.Builder plain() {
        return defaults().tls(TlsMode.NONE);
    }

    /** Nothing about TLS said: the defaults decide. */
    private static SmtpConfig.Builder defaults() {
        return SmtpConfig.builder()
                .host("127.0.0.1")
                .port(postfix.smtpPort())
                .helo("client.netsmtp.test")
                .readTimeout(Duration.ofSeconds(20));
    }

    private static SmtpConfig.Builder starttls() {
        return plain().tls(TlsMode.STARTTLS_REQUIRED).sslContext(trust).tlsHostname("mail.test");
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static String message(String id, String body) {
        return "From: sender@example.com\r\nTo: rcpt@example.com\r\nSubject: " + id + "\r\nMessage-ID: <" + id
                + "@netsmtp.test>\r\n\r\n" + body;
    }

    /** Waits for the message with this id and returns it as Postfix stored it. */
    private static String delivered(String id) throws Exception {
        return postfix.awaitMessageContaining("<" + id + "@netsmtp.test>", Duration.ofSeconds(30));
    }

    private static String queueIdIn(SendResult result) {
        return result.queueId().orElseThrow(() -> new AssertionError("no queue id in " + result.reply()));
    }

    @Test
    void requiredStartTlsWithATrustedCertificateAndAuthPlainDelivers() throws Exception {
        String id = id();
        SendResult result;
        try (SmtpSession s = Smtp.start(starttls()
                .auth(PostfixInstance.USER, PostfixInstance.PASSWORD, AuthMechanism.PLAIN)
                .build())) {
            assertThat(s.isEncrypted()).isTrue();
            assertThat(s.capabilities().authMechanisms())
                    .contains("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256", "SCRAM-SHA-1");
            result = s.sendMessage(message(id, "over STARTTLS\r\n"), "sender@example.com", "rcpt@example.com");
        }
        assertThat(delivered(id)).contains("Delivered-To: rcpt@example.com", "over STARTTLS");
        String queueId = queueIdIn(result);
        assertThat(result.reply().enhancedStatusCode()).contains(new EnhancedStatusCode(2, 0, 0));
        assertThat(postfix.log())
                .contains("sasl_method=PLAIN, sasl_username=alice")
                .containsPattern("TLS connection established from localhost\\[127.0.0.1\\]")
                .contains(queueId + ": client=localhost[127.0.0.1], sasl_method=PLAIN");
    }

    @Test
    void scramIsChosenByDefaultAndProvesThePasswordToCyrusSasl() throws Exception {
        String id = id();
        List<String> transcript = new ArrayList<>();
        try (SmtpSession s = Smtp.start(starttls()
                .auth(PostfixInstance.USER, PostfixInstance.PASSWORD)
                .transcript(transcript::add)
                .build())) {
            s.sendMessage(message(id, "after SCRAM\r\n"), "sender@example.com", "rcpt@example.com");
        }
        assertThat(delivered(id)).contains("after SCRAM");
        // Postfix's Cyrus SASL offers no -PLUS form: SCRAM-SHA-256, with the "y" flag.
        assertThat(postfix.log()).contains("sasl_method=SCRAM-SHA-256, sasl_username=alice");
        assertThat(transcript).anyMatch(l -> l.contains("authenticated as alice with SCRAM-SHA-256"));
        assertThat(String.join("\n", transcript)).doesNotContain(PostfixInstance.PASSWORD);

        int failuresBefore = countOf(postfix.log(), "authentication failed");
        assertThatThrownBy(() -> Smtp.start(starttls()
                        .auth(PostfixInstance.USER, "not-the-password", AuthMechanism.SCRAM_SHA_1)
                        .build()))
                .isInstanceOf(SmtpAuthenticationException.class)
                .hasMessageNotContaining("not-the-password");
        // One failed login is one attempt: no cascade through the other mechanisms.
        Await.until(() -> countOf(postfix.log(), "authentication failed") > failuresBefore);
        assertThat(countOf(postfix.log(), "authentication failed")).isEqualTo(failuresBefore + 1);
    }

    private static int countOf(String text, String piece) {
        int n = 0;
        for (int i = text.indexOf(piece); i >= 0; i = text.indexOf(piece, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void opportunisticStartTlsUpgrades() throws Exception {
        try (SmtpSession s = Smtp.start(plain().tls(TlsMode.STARTTLS)
                .sslContext(trust)
                .tlsHostname("mail.test")
                .build())) {
            assertThat(s.isEncrypted()).isTrue();
            assertThat(s.capabilities().supportsStartTls()).isFalse(); // the post-TLS EHLO
        }
    }

    @Test
    void untrustedCertificateIsRefused() {
        SmtpConfig cfg = plain().tls(TlsMode.STARTTLS_REQUIRED).build(); // JDK trust store only
        assertThatThrownBy(() -> Smtp.start(cfg)).isInstanceOf(SmtpTlsException.class);
    }

    @Test
    void implicitTlsWithAuthLoginAndCramMd5Delivers() throws Exception {
        for (AuthMechanism mechanism : List.of(AuthMechanism.LOGIN, AuthMechanism.CRAM_MD5)) {
            String id = id();
            SmtpConfig cfg = plain().port(postfix.smtpsPort())
                    .tls(TlsMode.IMPLICIT)
                    .sslContext(trust)
                    .tlsHostname("mail.test")
                    .auth(PostfixInstance.USER, PostfixInstance.PASSWORD, mechanism)
                    .build();
            Smtp.start(
                    cfg, s -> s.sendMessage(message(id, "implicit TLS\r\n"), "sender@example.com", "rcpt@example.com"));
            assertThat(delivered(id)).contains("implicit TLS");
            assertThat(postfix.log()).contains("sasl_method=" + mechanism.name() + ", sasl_username=alice");
        }
    }

    @Test
    void byDefaultAMessageGoesOverVerifiedStartTlsWhenOffered() throws Exception {
        String id = id();
        try (SmtpSession s =
                Smtp.start(defaults().sslContext(trust).tlsHostname("mail.test").build())) {
            assertThat(s.isEncrypted()).isTrue();
            s.sendMessage(message(id, "encrypted by default\r\n"), "sender@example.com", "rcpt@example.com");
        }
        assertThat(delivered(id)).contains("encrypted by default");
        assertThat(postfix.log()).containsPattern("TLS connection established from localhost\\[127.0.0.1\\]");
    }

    @Test
    void byDefaultACertificateTheClientCannotVerifyFailsTheSessionInsteadOfFallingBackToClearText() throws Exception {
        int before = postfix.deliveredCount();
        // Postfix's certificate is self-signed: not in the JDK's trust store.
        assertThatThrownBy(() -> Smtp.start(defaults().build()))
                .isInstanceOf(SmtpTlsException.class)
                .hasMessageContaining("PKIX");
        // With its certificate trusted, or with verification off by name, the same server works.
        try (SmtpSession s = Smtp.start(defaults().tlsVerify(false).build())) {
            assertThat(s.isEncrypted()).isTrue();
        }
        assertThat(postfix.deliveredCount()).isEqualTo(before);
    }

    @Test
    void authIsNotOfferedWithoutTlsAndAWrongPasswordIsAnAuthenticationError() {
        SmtpConfig noTls = plain().auth(PostfixInstance.USER, PostfixInstance.PASSWORD)
                .allowAuthWithoutTls(true)
                .build();
        assertThatThrownBy(() -> Smtp.start(noTls))
                .isInstanceOf(SmtpUnsupportedCommandException.class)
                .hasMessageContaining("does not advertise AUTH");
        SmtpConfig wrong =
                starttls().auth(PostfixInstance.USER, "not-the-password").build();
        assertThatThrownBy(() -> Smtp.start(wrong))
                .isInstanceOf(SmtpAuthenticationException.class)
                .hasMessageContaining("535 5.7.8")
                .hasMessageNotContaining("not-the-password");
        assertThat(postfix.log()).contains("authentication failed");
    }

    @Test
    void pipeliningSendsTheEnvelopeAndDataInOneWrite() throws Exception {
        String id = id();
        try (RecordingProxy proxy = new RecordingProxy(postfix.smtpPort())) {
            // DATA, by name: with CHUNKING on, Postfix would get BDAT (the next test).
            SmtpConfig cfg = plain().port(proxy.port()).chunking(false).build();
            try (SmtpSession s = Smtp.start(cfg)) {
                assertThat(s.capabilities().supportsPipelining()).isTrue();
                s.sendMessage(message(id, "pipelined\r\n"), "sender@example.com", "rcpt@example.com");
            }
            assertThat(proxy.clientChunks())
                    .anyMatch(c -> c.startsWith("MAIL FROM:<sender@example.com>")
                            && c.contains("\r\nRCPT TO:<rcpt@example.com>\r\n")
                            && c.endsWith("DATA\r\n"));
        }
        assertThat(delivered(id)).contains("pipelined");
        assertThat(postfix.log()).doesNotContain("improper command pipelining");
    }

    @Test
    void chunkingSendsTheWholeTransactionInOneWriteAndPostfixStoresItByteForByte() throws Exception {
        String id = id();
        String body = ".one leading dot\n..two\r\nbare CR\r" + "L".repeat(1200) + "\r\nno final newline";
        String message = message(id, body);
        int before = postfix.deliveredCount();
        try (RecordingProxy proxy = new RecordingProxy(postfix.smtpPort())) {
            try (SmtpSession s = Smtp.start(plain().port(proxy.port()).build())) {
                assertThat(s.capabilities().supports("CHUNKING")).isTrue();
                s.sendMessage(message, "sender@example.com", "rcpt@example.com");
            }
            // MAIL, RCPT, BDAT n LAST and every byte of the message: one write, one round trip.
            assertThat(proxy.clientChunks())
                    .anyMatch(c -> c.startsWith("MAIL FROM:<sender@example.com>")
                            && c.contains("\r\nRCPT TO:<rcpt@example.com>\r\nBDAT ")
                            && c.endsWith("no final newline\r\n"));
        }
        String stored = delivered(id);
        // Postfix stores lines ending in LF and adds headers of its own (Received, a Date the
        // message lacked): the body is there byte for byte, line endings normalised, no dot-stuffing.
        String expectedBody = body.replace("\r\n", "\n").replace("\r", "\n") + "\n";
        assertThat(stored.substring(stored.indexOf("\n\n") + 2)).isEqualTo(expectedBody);
        assertThat(stored).contains("From: sender@example.com\n", "Message-ID: <" + id + "@netsmtp.test>\n");
        assertThat(postfix.deliveredCount()).isEqualTo(before + 1);
        Await.until(() -> postfix.log().contains("bdat=1"));
        assertThat(postfix.log()).doesNotContain("improper command pipelining");
    }

    @Test
    void sizeOverTheLimitIsRefusedBeforeDataOrByPostfixForAStream() throws Exception {
        byte[] big =
                ("Subject: big\r\n\r\n" + "x".repeat(998) + "\r\n").repeat(250).getBytes(StandardCharsets.US_ASCII);
        int before = postfix.deliveredCount();
        try (SmtpSession s = Smtp.start(plain().build())) {
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
            String marker = id();
            s.sendMessage(message(marker, "marker\r\n"), "sender@example.com", "rcpt@example.com");
            delivered(marker);
        }
        assertThat(postfix.deliveredCount()).isEqualTo(before + 1);
    }

    @Test
    void eightBitBodyAndSmtpUtf8AddressArriveByteForByte() throws Exception {
        String id = id();
        String body = "Gr\u00fc\u00dfe aus K\u00f6ln \u2014 \u65e5\u672c\u8a9e\r\n";
        String message = "From: j\u00f6rg@example.com\r\nTo: \u00fcser@example.com\r\nSubject: " + id
                + "\r\nMessage-ID: <" + id + "@netsmtp.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body;
        Smtp.start(plain().build(), s -> {
            assertThat(s.capabilities().supports8BitMime()).isTrue();
            assertThat(s.capabilities().supportsSmtpUtf8()).isTrue();
            s.sendMessage(message, "j\u00f6rg@example.com", "\u00fcser@example.com");
        });
        String stored = delivered(id);
        assertThat(stored).contains("Delivered-To: \u00fcser@example.com", "Return-Path: <j\u00f6rg@example.com>");
        assertThat(stored).contains(body.replace("\r\n", "\n"));
        assertThat(stored).contains("with UTF8SMTP id").doesNotContain("=?"); // not downgraded
    }

    @Test
    void dsnParametersAreAcceptedAndHonoured() throws Exception {
        String id = id();
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
                plain().build(),
                s -> s.sendMessage(envelope, message(id, "dsn\r\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(delivered(id)).contains("dsn");
        // NOTIFY=SUCCESS makes Postfix send a success DSN to the reverse path, carrying our ENVID.
        String dsn = postfix.awaitMessageContaining("Original-Envelope-Id: env-" + id, Duration.ofSeconds(30));
        assertThat(dsn)
                .contains(
                        "Delivered-To: dsn-sender@example.com",
                        "Action: delivered",
                        "Original-Recipient: rfc822;dsn-rcpt@example.com");
    }

    @Test
    void dotsBareLineFeedsAndLongLinesArriveAsTheRfcSays() throws Exception {
        String id = id();
        String longLine = "L".repeat(1500);
        String body = ".one leading dot\n..two leading dots\n.\nbare LF above, bare CR here\r" + longLine
                + "\nno final newline";
        Smtp.start(plain().build(), s -> s.sendMessage(message(id, body), "sender@example.com", "rcpt@example.com"));
        String stored = delivered(id);
        assertThat(stored)
                .contains("\n.one leading dot\n..two leading dots\n.\nbare LF above, bare CR here\n" + longLine
                        + "\nno final newline\n");
    }

    @Test
    void refusedRecipientsCarryTheirEnhancedStatusAndNothingIsSent() throws Exception {
        int before = postfix.deliveredCount();
        try (SmtpSession s = Smtp.start(plain().build())) {
            assertThatThrownBy(() -> s.sendMessage(
                            message(id(), "x\r\n"), "sender@example.com", "ok@example.com", "someone@elsewhere.test"))
                    .isInstanceOfSatisfying(SmtpRecipientsRefusedException.class, e -> {
                        assertThat(e.refused()).singleElement().satisfies(r -> {
                            assertThat(r.recipient()).isEqualTo("someone@elsewhere.test");
                            assertThat(r.reply().code()).isEqualTo(554);
                            assertThat(r.reply().enhancedStatusCode()).contains(new EnhancedStatusCode(5, 7, 1));
                        });
                        assertThat(e.accepted()).extracting(r -> r.recipient()).containsExactly("ok@example.com");
                    });
        }
        SmtpConfig partial = plain().recipientPolicy(RecipientPolicy.PARTIAL).build();
        String id = id();
        SendResult result = Smtp.call(
                partial,
                s -> s.sendMessage(
                        message(id, "partial\r\n"), "sender@example.com", "ok@example.com", "someone@elsewhere.test"));
        assertThat(result.rejectedRecipients()).containsExactly("someone@elsewhere.test");
        assertThat(delivered(id)).contains("Delivered-To: ok@example.com");
        assertThat(postfix.deliveredCount()).isEqualTo(before + 1);
        assertThat(postfix.log()).contains("Relay access denied");
    }

    @Test
    void aThousandMessagesThroughThePoolArriveOnceEach() throws Exception {
        int before = postfix.deliveredCount();
        String batch = id();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                starttls().auth(PostfixInstance.USER, PostfixInstance.PASSWORD).build(),
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
                                message(batch + "-" + thread + "-" + i, "bulk\r\n"));
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
        List<byte[]> all = postfix.awaitDelivered(before + 1000, Duration.ofSeconds(90));
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
        String id = id();
        InputStream stream = new InputStream() {
            private final byte[] head = message(id, "").getBytes(StandardCharsets.US_ASCII);
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
        try (RecordingProxy proxy = new RecordingProxy(postfix.smtpPort())) {
            Smtp.start(
                    plain().port(proxy.port()).build(),
                    s -> s.sendMessage(stream, "sender@example.com", "rcpt@example.com"));
            // Postfix offers CHUNKING: the stream goes in chunks of 64 KiB, then the rest with LAST.
            String wire = String.join("", proxy.clientChunks());
            assertThat(wire).contains("BDAT 65536\r\n").containsPattern("BDAT [0-9]+ LAST\r\n");
        }
        String stored = delivered(id);
        // Every line as sent, LF-terminated in the Maildir, nothing lost between chunks.
        String body = stored.substring(stored.indexOf("\n\n") + 2);
        assertThat(body).isEqualTo(("a".repeat(99) + "\n").repeat(1500));
        Await.until(() -> postfix.log().contains("bdat=3"));
    }
}
