/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.netsmtp.Envelope;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.outbox.OutboxListener;
import dev.netsmtp.outbox.OutboxSchema;
import dev.netsmtp.outbox.OutboxSettings;
import dev.netsmtp.outbox.OutboxState;
import dev.netsmtp.outbox.OutboxWorkers;
import dev.netsmtp.outbox.SmtpOutbox;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.tls.TlsMode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The outbox's throughput: N queued messages drained by one instance's workers from the database to
 * an SMTP sink, beside the same messages through {@code SmtpTemplate.sendAll} without the outbox, in
 * one run. Prints CSV: phase, messages, seconds, messages_per_second, jvm_cpu_ms_per_message,
 * machine_cpu_ms_per_message (all cores busy time from /proc/stat: the database and the sink too).
 *
 * <pre>
 * smtp-sink -u postfix 127.0.0.1:2525 1024 &amp;
 * java -jar benchmarks/target/netsmtp-benchmarks.jar outbox jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres 2525 100000 2048 8 20
 * </pre>
 */
final class OutboxBenchmark {

    private OutboxBenchmark() {}

    static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("outbox <jdbc-url> <smtp-port> [messages] [size] [threads] [batch]");
        }
        String url = args[0];
        int port = Integer.parseInt(args[1]);
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 2048;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int batch = args.length > 5
                ? Integer.parseInt(args[5])
                : OutboxSettings.defaults().batchSize();
        System.out.println(
                "phase,messages,seconds,messages_per_second,jvm_cpu_ms_per_message,machine_cpu_ms_per_message,"
                        + "postgres_cpu_ms_per_message,sink_cpu_ms_per_message");
        for (String line : run(url, port, messages, size, threads, batch)) {
            System.out.println(line);
        }
    }

    /** Runs the three phases and returns their CSV lines. */
    static List<String> run(String url, int port, int messages, int size, int threads, int batch) throws Exception {
        List<String> out = new ArrayList<>();
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(url);
            dataSource.setMaximumPoolSize(threads + 4);
            OutboxSchema.create(dataSource);
            try (Connection c = dataSource.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("DELETE FROM smtp_outbox");
                st.execute("DELETE FROM scheduled_tasks WHERE task_name LIKE 'smtp-outbox%'");
            }
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    SmtpConfig.builder()
                            .host("127.0.0.1")
                            .port(port)
                            .tls(TlsMode.NONE)
                            .build(),
                    PoolConfig.builder().maxTotal(threads).maxIdle(threads).build())) {
                SmtpTemplate template = SmtpTemplate.of(pool);
                List<OutgoingMessage> all = new ArrayList<>(messages);
                for (int i = 0; i < messages; i++) {
                    String key = "bench-" + i;
                    all.add(OutgoingMessage.of(
                            Envelope.builder()
                                    .from(Messages.FROM)
                                    .to(Messages.TO)
                                    .key(IdempotencyKey.of(key))
                                    .build(),
                            Messages.of(size, "<" + key + "@bench.example>")));
                }

                Meter m = new Meter();
                ExecutorService executor = Executors.newFixedThreadPool(threads);
                try {
                    for (int from = 0; from < messages; from += 1000) {
                        for (SendOutcome o :
                                template.sendAll(all.subList(from, Math.min(messages, from + 1000)), executor)) {
                            if (!o.isSent()) {
                                throw new IllegalStateException("sendAll: " + o);
                            }
                        }
                    }
                } finally {
                    executor.shutdown();
                }
                out.add(m.line("sendAll", messages));

                SmtpOutbox outbox = SmtpOutbox.create(dataSource);
                m = new Meter();
                for (int from = 0; from < messages; from += 1000) {
                    outbox.enqueueAll(all.subList(from, Math.min(messages, from + 1000)));
                }
                out.add(m.line("outbox-enqueue", messages));
                settle(dataSource);

                m = new Meter();
                try (OutboxWorkers workers = OutboxWorkers.start(
                        dataSource,
                        template,
                        OutboxSettings.builder()
                                .threads(threads)
                                .batchSize(batch)
                                .pollingInterval(Duration.ofMillis(100))
                                .build(),
                        OutboxListener.NONE)) {
                    while (outbox.statistics().count(OutboxState.SENT) < messages) {
                        if (outbox.statistics().count(OutboxState.FAILED)
                                        + outbox.statistics().count(OutboxState.UNCERTAIN)
                                > 0) {
                            throw new IllegalStateException("not all sent: " + outbox.statistics());
                        }
                        Thread.sleep(50);
                    }
                    out.add(m.line("outbox-drain", messages));
                }
            }
        }
        return out;
    }

    /** Wall time, this JVM's CPU time and the machine's busy time since it was made. */
    private static final class Meter {
        private final long wall = System.nanoTime();
        private final long jvm = jvmCpu();
        private final long machine = machineBusyJiffies();
        private final long postgres = processJiffies("postgres");
        private final long sink = processJiffies("smtp-sink");

        String line(String phase, int messages) {
            double seconds = (System.nanoTime() - wall) / 1e9;
            double jvmMs = (jvmCpu() - jvm) / 1e6;
            long busy = machineBusyJiffies();
            String machineMs = busy < 0 || machine < 0 ? "" : String.format("%.4f", (busy - machine) * 10.0 / messages);
            return String.format(
                    "%s,%d,%.2f,%.0f,%.4f,%s,%.4f,%.4f",
                    phase,
                    messages,
                    seconds,
                    messages / seconds,
                    jvmMs / messages,
                    machineMs,
                    (processJiffies("postgres") - postgres) * 10.0 / messages,
                    (processJiffies("smtp-sink") - sink) * 10.0 / messages);
        }

        private static long jvmCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** User and system jiffies of the running processes with this command name (0 where /proc is missing). */
        private static long processJiffies(String command) {
            long sum = 0;
            try (java.util.stream.Stream<Path> all = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String stat = Files.readString(p.resolve("stat"));
                        int open = stat.indexOf('(');
                        int close = stat.lastIndexOf(')');
                        if (!stat.substring(open + 1, close).equals(command)) {
                            continue;
                        }
                        String[] f = stat.substring(close + 2).split(" ");
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    } catch (java.io.IOException | RuntimeException e) {
                        // the process ended meanwhile
                    }
                }
            } catch (java.io.IOException e) {
                return 0;
            }
            return sum;
        }

        /** Busy jiffies of all cores (USER_HZ 100: 10 ms each), or -1 where /proc/stat is missing. */
        private static long machineBusyJiffies() {
            try {
                String[] f =
                        Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(f[i]);
                    }
                }
                return busy;
            } catch (java.io.IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    /**
     * Lets the database finish what the enqueue left it (a checkpoint, vacuum and statistics of the
     * new rows) before the drain is timed, so that each phase is charged with its own work.
     */
    private static void settle(javax.sql.DataSource dataSource) throws java.sql.SQLException {
        try (Connection c = dataSource.getConnection();
                java.sql.Statement s = c.createStatement()) {
            if (c.getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase(java.util.Locale.ROOT)
                    .contains("postgres")) {
                c.setAutoCommit(true);
                s.execute("VACUUM ANALYZE smtp_outbox");
                s.execute("CHECKPOINT");
            }
        }
    }
}
