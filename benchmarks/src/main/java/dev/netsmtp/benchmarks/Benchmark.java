/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whole-run throughput of one client: sends {@code --messages} messages of {@code --size} octets
 * with {@code --threads} threads to an SMTP sink, after {@code --warmup} messages (sent to
 * {@code --warmup-port} when given, the sink behind a latency proxy), and prints one
 * CSV line: client, threads, messages, bytes, seconds, messages per second, the client's CPU
 * seconds (this JVM's process CPU time over the timed part, GC and JIT threads included).
 *
 * <pre>java -jar benchmarks/target/netsmtp-benchmarks.jar --client netsmtp-template --port 2525</pre>
 */
public final class Benchmark {

    private Benchmark() {}

    /**
     * Runs one client; see the class comment.
     *
     * @param args {@code --client --host --port --threads --messages --size --warmup --warmup-port --header}
     * @throws Exception when a send fails (the run is then void)
     */
    public static void main(String[] args) throws Exception {
        try {
            dispatch(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1); // some clients leave non-daemon threads behind that would keep the JVM up
        }
        System.exit(0);
    }

    private static void dispatch(String[] args) throws Exception {
        if (args.length > 0 && !args[0].startsWith("--")) {
            // The jar's other programs: LatencyProxy, MemoryBenchmark, ChaosSoak.
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            switch (args[0]) {
                case "latency-proxy" -> LatencyProxy.main(rest);
                case "memory" -> MemoryBenchmark.main(rest);
                case "chaos" -> ChaosSoak.main(rest);
                case "integrity" -> IntegritySoak.main(rest);
                case "round-trips" -> RoundTrips.main(rest);
                case "chunking-sink" -> ChunkingSink.main(rest);
                case "allocation" -> AllocationBenchmark.main(rest);
                case "dkim" -> DkimBenchmark.main(rest);
                case "outbox" -> OutboxBenchmark.main(rest);
                default -> throw new IllegalArgumentException(
                        "unknown program " + args[0]
                                + "; one of: latency-proxy, memory, chaos, integrity, round-trips, chunking-sink, allocation, dkim, outbox, or --client ...");
            }
            return;
        }
        Args a = new Args(
                args,
                Map.of(
                        "client", "netsmtp-template",
                        "host", "127.0.0.1",
                        "port", "2525",
                        "threads", "8",
                        "messages", "20000",
                        "size", "2048",
                        "warmup", "5000",
                        "warmup-port", "0",
                        "header", "false"));
        int threads = a.getInt("threads");
        int messages = a.getInt("messages");
        int size = a.getInt("size");
        byte[] message = Messages.of(size, "bench@netsmtp.test");
        BenchClient.Target target = new BenchClient.Target(a.get("host"), a.getInt("port"), threads, message, size);
        if (Boolean.parseBoolean(a.get("header"))) {
            System.out.println("client,threads,messages,bytes,seconds,msgs_per_s,cpu_s");
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int warmupPort = a.getInt("warmup-port");
        boolean warmedElsewhere = warmupPort > 0 && warmupPort != target.port();
        if (warmedElsewhere) {
            // Warm the JIT against the sink directly: through a latency proxy a warm-up long enough
            // to compile the send path would take minutes.
            BenchClient.Target direct = new BenchClient.Target(target.host(), warmupPort, threads, message, size);
            try (BenchClient warm = BenchClient.create(a.get("client"), direct)) {
                List<BenchClient.Sender> senders = senders(warm, threads);
                run(pool, senders, a.getInt("warmup"));
                for (BenchClient.Sender s : senders) {
                    s.close();
                }
            }
        }
        try (BenchClient client = BenchClient.create(a.get("client"), target)) {
            try {
                List<BenchClient.Sender> senders = senders(client, threads);
                run(pool, senders, warmedElsewhere ? Math.min(threads * 10, a.getInt("warmup")) : a.getInt("warmup"));
                OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                run(pool, senders, messages);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "%s,%d,%d,%d,%.3f,%.0f,%.3f%n",
                        client.name(),
                        threads,
                        messages,
                        message.length,
                        seconds,
                        messages / seconds,
                        cpu);
                for (BenchClient.Sender s : senders) {
                    s.close();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static List<BenchClient.Sender> senders(BenchClient client, int threads) throws Exception {
        List<BenchClient.Sender> senders = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            senders.add(client.sender());
        }
        return senders;
    }

    /** Sends {@code count} messages in all, the threads taking them from one counter. */
    private static void run(ExecutorService pool, List<BenchClient.Sender> senders, int count) throws Exception {
        AtomicInteger left = new AtomicInteger(count);
        List<Future<?>> futures = new ArrayList<>();
        for (BenchClient.Sender s : senders) {
            futures.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    s.send();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }
}
