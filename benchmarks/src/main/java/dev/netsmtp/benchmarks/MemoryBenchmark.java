/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpSession;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one large message (default 1 GiB), generated as a stream and never held in memory,
 * through {@code sendMessage(InputStream, ...)}, and prints the peak heap. Run it with
 * {@code -Xmx64m}:
 *
 * <pre>java -Xmx64m -jar netsmtp-benchmarks.jar memory --port 2525 --mib 1024</pre>
 */
public final class MemoryBenchmark {

    private MemoryBenchmark() {}

    /**
     * Runs the send; see the class comment.
     *
     * @param args {@code --host --port --mib}
     * @throws Exception when the send fails
     */
    public static void main(String[] args) throws Exception {
        Args a = new Args(args, Map.of("host", "127.0.0.1", "port", "2525", "mib", "1024"));
        long total = a.getLong("mib") * 1024 * 1024;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long t0 = System.nanoTime();
        try (SmtpSession session = Smtp.start(
                NetsmtpClients.config(new BenchClient.Target(a.get("host"), a.getInt("port"), 1, new byte[0], 0)))) {
            session.sendMessage(new GeneratedMessage(total), Messages.FROM, Messages.TO);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("bytes,seconds,mib_per_s,peak_heap_mib,max_heap_mib");
        System.out.printf(
                Locale.ROOT,
                "%d,%.1f,%.0f,%.1f,%.0f%n",
                total,
                seconds,
                total / 1048576.0 / seconds,
                peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    /** Headers, then 76-character lines, {@code total} octets in all, produced as read. */
    static final class GeneratedMessage extends InputStream {
        private static final byte[] LINE =
                ("The quick brown fox jumps over the lazy dog; pack my box with five dozen li" + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
        private final byte[] head = ("From: " + Messages.FROM + "\r\nTo: " + Messages.TO
                        + "\r\nSubject: big\r\nMessage-ID: <big@netsmtp.test>\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        private final long total;
        private long pos;

        GeneratedMessage(long total) {
            this.total = total;
        }

        @Override
        public int read() {
            if (pos >= total) {
                return -1;
            }
            long p = pos++;
            if (total - p <= 2) {
                return total - p == 2 ? '\r' : '\n';
            }
            return p < head.length ? head[(int) p] : LINE[(int) ((p - head.length) % LINE.length)];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - pos);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) read();
            }
            return n;
        }
    }
}
