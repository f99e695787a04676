/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.tls.TlsMode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Round trips per message, through the latency proxy, one thread, one pooled connection, 2 KiB
 * messages, the median of repeats:
 *
 * <ul>
 *   <li>single template sends to a server with CHUNKING (the test kit's: Postfix's
 *       {@code smtp-sink} offers none), {@code BDAT n LAST} with the envelope;
 *   <li>single template sends to {@code smtp-sink} (DATA): what netsmtp did for every message
 *       before transactions were pipelined;
 *   <li>{@code sendAll} batches to {@code smtp-sink}: each end of data and the next envelope in
 *       one write (RFC 2920 section 3.1);
 *   <li>Postfix's C client {@code smtp-source} (one message at a time) through the same proxy.
 * </ul>
 *
 * The proxy counts the client's turnarounds (a write after the server had written: a wait for a
 * reply), which is printed per message, beside the time per message over the round trip's 2d.
 * Without {@code smtp-sink} on the path the DATA rows use the kit's server with CHUNKING turned off
 * in the client, and say so.
 *
 * <pre>java -jar benchmarks/target/netsmtp-benchmarks.jar round-trips [messages] [repeats] [delayMicros] [batch]</pre>
 */
public final class RoundTrips {

    private RoundTrips() {}

    private static final String SINK = Path.of("/usr/sbin/smtp-sink").toString();
    private static final String SOURCE = Path.of("/usr/sbin/smtp-source").toString();

    private record Row(String path, double rate, double turnarounds) {}

    /**
     * Runs the comparison and prints a table.
     *
     * @param args messages per run (300), repeats (3), one-way delay in microseconds (1000), batch
     *     size for {@code sendAll} (100)
     * @throws Exception when a send fails
     */
    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long delayMicros = args.length > 2 ? Long.parseLong(args[2]) : 1000;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        byte[] message = Messages.of(2048, "round-trips@netsmtp.test");
        boolean sink = Files.isExecutable(Path.of(SINK));
        String dataServer = sink ? "smtp-sink" : "kit, CHUNKING off";
        List<Row> rows = new ArrayList<>();
        rows.add(median(repeats, () -> run(Server.KIT, true, messages, message, delayMicros, 1), "send, BDAT (kit)"));
        Server data = sink ? Server.SMTP_SINK : Server.KIT;
        rows.add(median(
                repeats, () -> run(data, false, messages, message, delayMicros, 1), "send, DATA (" + dataServer + ")"));
        rows.add(median(
                repeats,
                () -> run(data, false, messages, message, delayMicros, batch),
                "sendAll of " + batch + ", DATA (" + dataServer + ")"));
        if (sink && Files.isExecutable(Path.of(SOURCE))) {
            rows.add(median(repeats, () -> smtpSource(messages, delayMicros), "smtp-source (smtp-sink)"));
        }
        System.out.println("path,msgs_per_s,ms_per_msg,ms_per_msg_over_2d,turnarounds_per_msg");
        for (Row r : rows) {
            double ms = 1000.0 / r.rate();
            System.out.printf(
                    Locale.ROOT,
                    "%s,%.0f,%.2f,%.2f,%.2f%n",
                    r.path(),
                    r.rate(),
                    ms,
                    ms / (2 * delayMicros / 1000.0),
                    r.turnarounds());
        }
    }

    private interface Run {
        Row run() throws Exception;
    }

    private static Row median(int repeats, Run run, String path) throws Exception {
        Row[] rows = new Row[repeats];
        for (int r = 0; r < repeats; r++) {
            rows[r] = run.run();
        }
        Arrays.sort(rows, (a, b) -> Double.compare(a.rate(), b.rate()));
        Row m = rows[repeats / 2];
        return new Row(path, m.rate(), m.turnarounds());
    }

    private enum Server {
        KIT,
        SMTP_SINK
    }

    /** A server for one run: the kit's in this JVM, or smtp-sink in a process of its own. */
    private static final class Sink implements AutoCloseable {
        final int port;
        final @Nullable SmtpTestServer kit;
        final @Nullable Process process;

        Sink(Server server) throws Exception {
            if (server == Server.KIT) {
                kit = SmtpTestServer.builder().starttls(false).start();
                port = kit.port();
                process = null;
                return;
            }
            kit = null;
            port = freePort();
            List<String> command = new ArrayList<>(List.of(SINK));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "postfix")); // smtp-sink will not run as root
            }
            command.addAll(List.of("127.0.0.1:" + port, "1024"));
            process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > until) {
                        throw new IOException("smtp-sink did not start on port " + port, notYet);
                    }
                    Thread.sleep(20);
                }
            }
        }

        @Override
        public void close() throws Exception {
            SmtpTestServer k = kit;
            if (k != null) {
                k.close();
            }
            Process p = process;
            if (p != null) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Row run(Server server, boolean chunking, int messages, byte[] message, long delayMicros, int batch)
            throws Exception {
        try (Sink sink = new Sink(server);
                LatencyProxy proxy = new LatencyProxy(0, sink.port, delayMicros);
                PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                        SmtpConfig.builder()
                                .host("127.0.0.1")
                                .port(proxy.port())
                                .tls(TlsMode.NONE)
                                .chunking(chunking)
                                .readTimeout(Duration.ofSeconds(30))
                                .build(),
                        PoolConfig.builder()
                                .maxTotal(1)
                                .maxMessagesPerSession(1_000_000)
                                .build())) {
            SmtpTemplate template =
                    SmtpTemplate.builder(pool).retryPolicy(RetryPolicy.none()).build();
            List<String> to = List.of("rcpt@example.com");
            for (int i = 0; i < 20; i++) {
                template.send("bench@example.com", to, message);
            }
            List<OutgoingMessage> group = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                group.add(OutgoingMessage.of(dev.netsmtp.Envelope.of("bench@example.com", to), message));
            }
            long turnaroundsBefore = proxy.turnarounds();
            long start = System.nanoTime();
            if (batch == 1) {
                for (int i = 0; i < messages; i++) {
                    template.send("bench@example.com", to, message);
                }
            } else {
                for (int sent = 0; sent < messages; sent += batch) {
                    for (SendOutcome o : template.sendAll(group)) {
                        if (!o.isSent()) {
                            throw new IllegalStateException(
                                    "not sent: " + o.error().orElseThrow());
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int sent = batch == 1 ? messages : ((messages + batch - 1) / batch) * batch;
            double turnarounds = (proxy.turnarounds() - turnaroundsBefore) / (double) sent;
            SmtpTestServer kit = sink.kit;
            if (kit != null) {
                kit.reset();
            }
            return new Row("", sent / seconds, turnarounds);
        }
    }

    /** Postfix's smtp-source, one connection ({@code -d}), one message at a time, through the proxy to smtp-sink. */
    private static Row smtpSource(int messages, long delayMicros) throws Exception {
        try (Sink sink = new Sink(Server.SMTP_SINK);
                LatencyProxy proxy = new LatencyProxy(0, sink.port, delayMicros)) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(
                            SOURCE,
                            "-d", // one connection for every message, as the others
                            "-s",
                            "1",
                            "-m",
                            Integer.toString(messages),
                            "-l",
                            "2048",
                            "-f",
                            "bench@example.com",
                            "-t",
                            "rcpt@example.com",
                            "127.0.0.1:" + proxy.port())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("smtp-source failed");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Row("", messages / seconds, proxy.turnarounds() / (double) messages);
        }
    }
}
