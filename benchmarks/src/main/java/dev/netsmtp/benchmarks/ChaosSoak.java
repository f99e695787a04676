/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.tls.TlsMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chaos soak: sends messages with 8 threads through {@link SmtpTemplate} (retries on) to a
 * {@link FaultySink} that drops connections and refuses at random with a fixed seed, then counts
 * what arrived by unique Message-ID against what the template reported. Nothing may be lost
 * (reported sent but not there), and every message that arrived twice must have been reported
 * uncertain (never a silent duplicate).
 *
 * <pre>java -jar netsmtp-benchmarks.jar chaos --messages 100000</pre>
 */
public final class ChaosSoak {

    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("dev.netsmtp");

    private ChaosSoak() {}

    /** What the template reported for one message. */
    enum Outcome {
        NONE,
        SENT,
        FAILED,
        UNCERTAIN
    }

    /**
     * The tally.
     *
     * @param sent messages attempted
     * @param deliveredOnce messages the sink took exactly once
     * @param deliveredTwice messages the sink took more than once
     * @param reportedFailed messages the template reported failed
     * @param reportedUncertain messages the template reported uncertain
     * @param lost messages neither delivered nor reported failed or uncertain
     * @param silentDuplicates messages taken more than once without an uncertain report
     * @param failedButDelivered messages reported failed that the sink did take
     * @param faults faults injected, by kind
     * @param seconds how long the sending took
     */
    record Result(
            int sent,
            int deliveredOnce,
            int deliveredTwice,
            int reportedFailed,
            int reportedUncertain,
            int lost,
            int silentDuplicates,
            int failedButDelivered,
            Map<FaultySink.Fault, Long> faults,
            double seconds) {

        boolean nothingLost() {
            return lost == 0 && silentDuplicates == 0 && failedButDelivered == 0;
        }

        String table() {
            return String.format(
                    Locale.ROOT,
                    "sent,delivered_once,delivered_twice,reported_failed,reported_uncertain,lost,silent_duplicates,"
                            + "failed_but_delivered,seconds%n%d,%d,%d,%d,%d,%d,%d,%d,%.1f%nfaults injected: %s",
                    sent,
                    deliveredOnce,
                    deliveredTwice,
                    reportedFailed,
                    reportedUncertain,
                    lost,
                    silentDuplicates,
                    failedButDelivered,
                    seconds,
                    faults);
        }
    }

    /**
     * Runs a soak.
     *
     * @param messages how many to send
     * @param threads sending threads (and pool size)
     * @param seed the sink's random seed
     * @param faultRate the chance of a fault per transaction
     * @return the tally
     * @throws Exception when the run itself breaks (not a send failure: those are counted)
     */
    static Result run(int messages, int threads, long seed, double faultRate) throws Exception {
        QUIET.setLevel(java.util.logging.Level.WARNING); // the template logs each retry at INFO
        Outcome[] outcomes = new Outcome[messages];
        java.util.Arrays.fill(outcomes, Outcome.NONE);
        double seconds;
        Map<String, AtomicInteger> received;
        Map<FaultySink.Fault, Long> faults;
        try (FaultySink sink = new FaultySink(seed, faultRate)) {
            SmtpConfig config = SmtpConfig.builder()
                    .host("127.0.0.1")
                    .port(sink.port())
                    .helo("chaos.netsmtp.test")
                    // Clear text by name: the default would take a STARTTLS the sink offers.
                    .tls(TlsMode.NONE)
                    .connectTimeout(Duration.ofSeconds(5))
                    .readTimeout(Duration.ofSeconds(10))
                    .build();
            try (PooledSmtpSessionFactory sessions = new PooledSmtpSessionFactory(
                    config,
                    PoolConfig.builder().maxTotal(threads).maxIdle(threads).build())) {
                // Retries on, with short delays so that a soak of 100,000 stays quick.
                SmtpTemplate template = SmtpTemplate.builder(sessions)
                        .retryPolicy(new RetryPolicy(4, Duration.ofMillis(2), 2.0, Duration.ofMillis(50)))
                        .build();
                seconds = onThreads(threads, messages, i -> {
                    byte[] message = Messages.of(1024, "soak-" + i + "@netsmtp.test");
                    try {
                        template.send(Messages.FROM, List.of(Messages.TO), message);
                        outcomes[i] = Outcome.SENT;
                    } catch (SmtpDeliveryUncertainException e) {
                        outcomes[i] = Outcome.UNCERTAIN;
                    } catch (SmtpException e) {
                        outcomes[i] = Outcome.FAILED;
                    }
                });
            }
            received = sink.received();
            faults = sink.injected();
        }
        int once = 0;
        int twice = 0;
        int failed = 0;
        int uncertain = 0;
        int lost = 0;
        int silent = 0;
        int failedDelivered = 0;
        for (int i = 0; i < messages; i++) {
            AtomicInteger count = received.get("<soak-" + i + "@netsmtp.test>");
            int n = count == null ? 0 : count.get();
            if (n == 1) {
                once++;
            } else if (n > 1) {
                twice++;
            }
            switch (outcomes[i]) {
                case FAILED -> {
                    failed++;
                    if (n > 0) {
                        failedDelivered++;
                    }
                }
                case UNCERTAIN -> uncertain++;
                default -> {
                    if (n == 0) {
                        lost++;
                    }
                }
            }
            if (n > 1 && outcomes[i] != Outcome.UNCERTAIN) {
                silent++;
            }
        }
        return new Result(messages, once, twice, failed, uncertain, lost, silent, failedDelivered, faults, seconds);
    }

    /**
     * Runs {@code send} for message indexes 0 to {@code messages - 1} on {@code threads} threads,
     * each taking the next index until none is left.
     *
     * @return how long it took, in seconds
     */
    static double onThreads(int threads, int messages, java.util.function.IntConsumer send) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < messages) {
                        send.accept(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs the soak and prints the tally; exits 1 when anything was lost or silently duplicated.
     *
     * @param args {@code --messages --threads --seed --fault-rate}
     * @throws Exception when the run itself breaks
     */
    public static void main(String[] args) throws Exception {
        Args a = new Args(args, Map.of("messages", "100000", "threads", "8", "seed", "42", "fault-rate", "0.02"));
        Result r = run(
                a.getInt("messages"), a.getInt("threads"), a.getLong("seed"), Double.parseDouble(a.get("fault-rate")));
        System.out.println(r.table());
        System.exit(r.nothingLost() ? 0 : 1);
    }
}
