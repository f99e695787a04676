/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import dev.netsmtp.Envelope;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.MessageOutputStream;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.tls.TlsMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The integrity soak: what the chaos soak does for Message-IDs, done for every byte. Bodies of
 * random size (0 B to 4 MiB) full of what goes wrong (bare CR and LF, lines starting with dots,
 * 8-bit bytes, lines over 998 octets) go through every send path (byte[], String, InputStream,
 * one-shot and replayable MessageWriter, the message stream), half over plain text and half over
 * STARTTLS with AUTH PLAIN, to a {@link FaultySink} that resets
 * in the middle of large data, stalls at DATA and in the middle of the data, drops replies,
 * refuses, and over TLS corrupts a record before the data or after it; over DATA, or with
 * {@code --chunking true} over BDAT as well. The sink stores the SHA-256 of each body it took, after undoing the dot-stuffing; the
 * soak compares it with the SHA-256 of the source after RFC 5321's line-ending rules.
 *
 * <pre>java -jar netsmtp-benchmarks.jar integrity --messages 20000</pre>
 */
public final class IntegritySoak {

    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("dev.netsmtp");
    private static final String[] PATHS = {
        "byte[]", "String", "InputStream", "one-shot writer", "replayable writer", "message stream"
    };

    private IntegritySoak() {}

    /**
     * The tally; {@link #clean()} says whether the promises held.
     *
     * @param sent messages attempted
     * @param reportedSent messages the client reported sent
     * @param reportedFailed messages reported failed (not delivered)
     * @param reportedUncertain messages reported uncertain
     * @param storedOnce messages the sink stored exactly once
     * @param storedTwice messages stored more than once (must be 0)
     * @param truncatedOrAltered stored bodies whose SHA-256 differs from the source's (must be 0)
     * @param lost messages reported sent and not stored (must be 0)
     * @param failedButStored messages reported failed that the sink stored (must be 0)
     * @param uncertainNotLostReply uncertain messages whose reply the sink did not drop (must be 0)
     * @param lostReplyNotUncertain messages whose reply the sink dropped, not reported uncertain (must be 0)
     * @param faults faults injected, by kind
     * @param bytes message bytes sent, summed over the messages
     * @param seconds how long the sending took
     */
    record Result(
            int sent,
            int reportedSent,
            int reportedFailed,
            int reportedUncertain,
            int storedOnce,
            int storedTwice,
            int truncatedOrAltered,
            int lost,
            int failedButStored,
            int uncertainNotLostReply,
            int lostReplyNotUncertain,
            Map<FaultySink.Fault, Long> faults,
            long bytes,
            double seconds,
            List<String> anomalies) {

        boolean clean() {
            return storedTwice == 0
                    && truncatedOrAltered == 0
                    && lost == 0
                    && failedButStored == 0
                    && uncertainNotLostReply == 0
                    && lostReplyNotUncertain == 0;
        }

        String table() {
            return String.format(
                    Locale.ROOT,
                    "sent,reported_sent,reported_failed,reported_uncertain,stored_once,stored_twice,"
                            + "truncated_or_altered,lost,failed_but_stored,uncertain_not_lost_reply,"
                            + "lost_reply_not_uncertain,MiB,seconds%n%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.1f,%.1f%n"
                            + "faults injected: %s%nanomalies: %s",
                    sent,
                    reportedSent,
                    reportedFailed,
                    reportedUncertain,
                    storedOnce,
                    storedTwice,
                    truncatedOrAltered,
                    lost,
                    failedButStored,
                    uncertainNotLostReply,
                    lostReplyNotUncertain,
                    bytes / 1048576.0,
                    seconds,
                    faults,
                    anomalies);
        }
    }

    /**
     * Runs a soak.
     *
     * @param messages how many to send
     * @param threads sending threads (and pool size)
     * @param seed the seed of the bodies and of the sink's faults
     * @param faultRate the chance of a fault per transaction
     * @return the tally
     * @throws Exception when the run itself breaks (send failures are counted, not thrown)
     */
    static Result run(int messages, int threads, long seed, double faultRate) throws Exception {
        return run(messages, threads, seed, faultRate, false);
    }

    /**
     * Runs a soak against a sink that offers CHUNKING too when {@code chunking}: messages of known
     * size then go whole with their envelope ({@code BDAT n LAST}), streams in chunks, the message
     * stream by DATA.
     *
     * @param messages how many to send
     * @param threads sending threads (and pool size)
     * @param seed the seed of the bodies and of the sink's faults
     * @param faultRate the chance of a fault per transaction
     * @param chunking whether the sink offers CHUNKING
     * @return the tally
     * @throws Exception when the run itself breaks
     */
    static Result run(int messages, int threads, long seed, double faultRate, boolean chunking) throws Exception {
        QUIET.setLevel(java.util.logging.Level.SEVERE);
        String[] expected = new String[messages];
        ChaosSoak.Outcome[] outcomes = new ChaosSoak.Outcome[messages];
        java.util.Arrays.fill(outcomes, ChaosSoak.Outcome.NONE);
        long[] bytes = new long[messages];
        String[] reasons = new String[messages];
        double seconds;
        Map<String, List<String>> stored;
        Set<String> lostReplies;
        Map<FaultySink.Fault, Long> faults;
        SoakTls tls = SoakTls.generate();
        // A stall outlasts the send timeout, so the client has given up before the sink reads on.
        // Timeouts are generous for a loaded 2-core machine (a 4 MiB body hashed on both sides
        // must not look like a lost reply), and every stall outlasts them.
        try (FaultySink sink = new FaultySink(seed, faultRate, 8_000, tls.server(), chunking)) {
            SmtpConfig plain = SmtpConfig.builder()
                    .host("127.0.0.1")
                    .port(sink.port())
                    .helo("integrity.netsmtp.test")
                    // Clear text by name: the default would take a STARTTLS the sink offers.
                    .tls(TlsMode.NONE)
                    .connectTimeout(Duration.ofSeconds(5))
                    .readTimeout(Duration.ofSeconds(4))
                    .writeTimeout(Duration.ofSeconds(4))
                    .finalReplyTimeout(Duration.ofSeconds(6))
                    .build();
            SmtpConfig secure = plain.toBuilder()
                    .tls(TlsMode.STARTTLS_REQUIRED)
                    .sslContext(tls.client())
                    .auth(FaultySink.USER, FaultySink.PASSWORD)
                    .build();
            PoolConfig poolConfig =
                    PoolConfig.builder().maxTotal(threads).maxIdle(threads).build();
            try (PooledSmtpSessionFactory plainSessions = new PooledSmtpSessionFactory(plain, poolConfig);
                    PooledSmtpSessionFactory secureSessions = new PooledSmtpSessionFactory(secure, poolConfig)) {
                RetryPolicy retries = new RetryPolicy(4, Duration.ofMillis(2), 2.0, Duration.ofMillis(50));
                Duration sendTimeout = Duration.ofSeconds(6);
                SmtpTemplate plainTemplate = SmtpTemplate.builder(plainSessions)
                        .retryPolicy(retries)
                        .sendTimeout(sendTimeout)
                        .build();
                SmtpTemplate secureTemplate = SmtpTemplate.builder(secureSessions)
                        .retryPolicy(retries)
                        .sendTimeout(sendTimeout)
                        .build();
                seconds = ChaosSoak.onThreads(threads, messages, i -> {
                    byte[] body = body(seed, i);
                    String text = new String(body, StandardCharsets.ISO_8859_1);
                    byte[] wire = i % PATHS.length == 1 ? text.getBytes(StandardCharsets.UTF_8) : body;
                    expected[i] = sha256(normalise(wire));
                    bytes[i] = wire.length;
                    // Every path, over plain text and over STARTTLS with AUTH in turn.
                    SmtpTemplate template = (i / PATHS.length) % 2 == 0 ? plainTemplate : secureTemplate;
                    outcomes[i] = send(template, i, body, text, reasons);
                });
            }
            // The pools are closed: wait for stalls still running in the sink, which may yet store.
            if (!sink.awaitQuiet(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the sink's connections did not end");
            }
            stored = sink.digests();
            lostReplies = sink.lostReplies();
            faults = sink.injected();
        }
        return tally(messages, expected, outcomes, reasons, bytes, stored, lostReplies, faults, seconds);
    }

    private static ChaosSoak.Outcome send(SmtpTemplate template, int i, byte[] body, String text, String[] reasons) {
        Envelope envelope = Envelope.of(Messages.FROM, Messages.TO);
        try {
            switch (i % PATHS.length) {
                case 0 -> template.send(envelope, body);
                case 1 -> template.send(Messages.FROM, List.of(Messages.TO), text);
                case 2 -> template.send(envelope, new ByteArrayInputStream(body));
                case 3 -> {
                    InputStream readOnce = new ByteArrayInputStream(body);
                    template.send(envelope, out -> readOnce.transferTo(out));
                }
                case 4 -> template.send(envelope, MessageWriter.replayable(out -> out.write(body)));
                default -> template.execute(session -> {
                    try (MessageOutputStream out = session.openMessageStream(envelope)) {
                        for (int off = 0; off < body.length; off += 7_000) {
                            out.write(body, off, Math.min(7_000, body.length - off));
                        }
                        return out.commit();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            return ChaosSoak.Outcome.SENT;
        } catch (SmtpDeliveryUncertainException e) {
            reasons[i] = String.valueOf(e.getCause());
            return ChaosSoak.Outcome.UNCERTAIN;
        } catch (RuntimeException e) {
            reasons[i] = String.valueOf(e);
            return ChaosSoak.Outcome.FAILED;
        }
    }

    private static Result tally(
            int messages,
            String[] expected,
            ChaosSoak.Outcome[] outcomes,
            String[] reasons,
            long[] bytes,
            Map<String, List<String>> stored,
            Set<String> lostReplies,
            Map<FaultySink.Fault, Long> faults,
            double seconds) {
        int sent = 0;
        int failed = 0;
        int uncertain = 0;
        int once = 0;
        int twice = 0;
        int altered = 0;
        int lost = 0;
        int failedStored = 0;
        int uncertainNotLost = 0;
        int lostNotUncertain = 0;
        long total = 0;
        List<String> anomalies = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String id = "<" + messageId(i) + ">";
            List<String> copies = stored.getOrDefault(id, List.of());
            total += bytes[i];
            if (copies.size() == 1) {
                once++;
            } else if (copies.size() > 1) {
                twice++;
            }
            for (String digest : copies) {
                if (!digest.equals(expected[i])) {
                    altered++;
                }
            }
            boolean replyLost = lostReplies.contains(id);
            switch (outcomes[i]) {
                case SENT -> {
                    sent++;
                    if (copies.isEmpty()) {
                        lost++;
                    }
                }
                case UNCERTAIN -> {
                    uncertain++;
                    if (!replyLost) {
                        uncertainNotLost++;
                        anomalies.add("uncertain without a lost reply: #" + i + " (" + PATHS[i % PATHS.length] + ", "
                                + bytes[i] + " bytes, stored " + copies.size() + "x): " + reasons[i]);
                    }
                }
                default -> {
                    failed++;
                    if (!copies.isEmpty()) {
                        failedStored++;
                    }
                }
            }
            if (replyLost && outcomes[i] != ChaosSoak.Outcome.UNCERTAIN) {
                lostNotUncertain++;
            }
        }
        return new Result(
                messages,
                sent,
                failed,
                uncertain,
                once,
                twice,
                altered,
                lost,
                failedStored,
                uncertainNotLost,
                lostNotUncertain,
                faults,
                total,
                seconds,
                anomalies.size() > 20 ? anomalies.subList(0, 20) : anomalies);
    }

    static String messageId(int i) {
        return "integrity-" + i + "@netsmtp.test";
    }

    /** Message i: its headers, then a body that is the same for the same seed. */
    static byte[] body(long seed, int i) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
        int kind = random.nextInt(100);
        int size = kind < 70
                ? random.nextInt(4096)
                : kind < 95
                        ? 4096 + random.nextInt(256 * 1024)
                        : 256 * 1024 + random.nextInt(4 * 1024 * 1024 - 256 * 1024);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 128);
        out.writeBytes(("Message-ID: <" + messageId(i) + ">\r\nSubject: integrity " + i + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] awkward = {'\r', '\n', '.', '.', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, 0};
        while (out.size() < size) {
            switch (random.nextInt(6)) {
                case 0 -> out.write(awkward[random.nextInt(awkward.length)]);
                case 1 -> out.writeBytes(".leading dot\r\n".getBytes(StandardCharsets.US_ASCII));
                case 2 -> out.writeBytes("x".repeat(999 + random.nextInt(1200)).getBytes(StandardCharsets.US_ASCII));
                default -> out.writeBytes(
                        "The quick brown fox jumps over the lazy dog.\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    /** RFC 5321 section 2.3.8: CRLF, bare CR and bare LF each end a line; a last line gets CRLF. */
    static byte[] normalise(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 64);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        if (out.size() > 0 && !endsWithCrlf(out.toByteArray())) {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static boolean endsWithCrlf(byte[] b) {
        return b.length >= 2 && b[b.length - 2] == '\r' && b[b.length - 1] == '\n';
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the soak and prints the tally; exits 1 when a promise broke.
     *
     * @param args {@code --messages --threads --seed --fault-rate --chunking}
     * @throws Exception when the run itself breaks
     */
    public static void main(String[] args) throws Exception {
        Args a = new Args(
                args,
                Map.of("messages", "20000", "threads", "8", "seed", "7", "fault-rate", "0.03", "chunking", "false"));
        Result r = run(
                a.getInt("messages"),
                a.getInt("threads"),
                a.getLong("seed"),
                Double.parseDouble(a.get("fault-rate")),
                Boolean.parseBoolean(a.get("chunking")));
        System.out.println(r.table());
        System.exit(r.clean() ? 0 : 1);
    }
}
