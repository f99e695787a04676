/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.tls.TlsMode;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Heap allocated by the sending thread per message, beyond the message itself (which the caller
 * made once): what the JVM counts per thread ({@code ThreadMXBean.getThreadAllocatedBytes}, the
 * counter JFR's {@code jdk.ThreadAllocationStatistics} reports), for a bare reused session and
 * for the template over the pool, by BDAT (the in-process {@link ChunkingSink}) and by DATA (the
 * same sink, CHUNKING turned off in the client). The sink's threads are not counted.
 *
 * <pre>java -jar netsmtp-benchmarks.jar allocation [messages]</pre>
 */
public final class AllocationBenchmark {

    private AllocationBenchmark() {}

    /**
     * Runs the measurement and prints a table.
     *
     * @param args messages per measurement (100000); as many again warm up first
     * @throws Exception when a send fails
     */
    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        byte[] message = Messages.of(2048, "allocation@netsmtp.test");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        System.out.println("client,path,messages,bytes_allocated_per_message");
        try (ChunkingSink sink = new ChunkingSink(0)) {
            for (boolean chunking : List.of(true, false)) {
                SmtpConfig config = SmtpConfig.builder()
                        .host("127.0.0.1")
                        .port(sink.port())
                        .tls(TlsMode.NONE)
                        .chunking(chunking)
                        .readTimeout(Duration.ofSeconds(30))
                        .build();
                String path = chunking ? "BDAT" : "DATA";
                try (SmtpSession session = Smtp.start(config)) {
                    for (int i = 0; i < messages; i++) {
                        session.sendMessage(message, Messages.FROM, Messages.TO);
                    }
                    long before = threads.getThreadAllocatedBytes(me);
                    for (int i = 0; i < messages; i++) {
                        session.sendMessage(message, Messages.FROM, Messages.TO);
                    }
                    print("session", path, messages, threads.getThreadAllocatedBytes(me) - before);
                }
                try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                        config,
                        PoolConfig.builder()
                                .maxTotal(1)
                                .maxMessagesPerSession(Integer.MAX_VALUE)
                                .build())) {
                    SmtpTemplate template = SmtpTemplate.of(pool);
                    List<String> to = List.of(Messages.TO);
                    for (int i = 0; i < messages; i++) {
                        template.send(Messages.FROM, to, message);
                    }
                    long before = threads.getThreadAllocatedBytes(me);
                    for (int i = 0; i < messages; i++) {
                        template.send(Messages.FROM, to, message);
                    }
                    print("template", path, messages, threads.getThreadAllocatedBytes(me) - before);
                }
            }
        }
    }

    private static void print(String client, String path, int messages, long bytes) {
        System.out.printf(Locale.ROOT, "%s,%s,%d,%.0f%n", client, path, messages, bytes / (double) messages);
    }
}
