/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for a test: {@code initdb} in a temporary folder, run by the
 * {@code postgres} user (PostgreSQL refuses to run as root, and CI is root), listening on
 * 127.0.0.1 and a free port, trust authentication for the local test user; stopped and deleted on
 * close. Needs Debian's {@code postgresql} package ({@code .ci/run} installs it).
 */
public final class PostgresCluster implements AutoCloseable {

    private final Path dir;
    private final Path bin;
    private final int port;

    private PostgresCluster(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    /**
     * Starts a cluster, or skips (fails under CI) when PostgreSQL or root is missing.
     *
     * @return the running cluster
     * @throws Exception when it cannot start
     */
    public static PostgresCluster start() throws Exception {
        Path bin;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElse(null);
        } catch (IOException e) {
            bin = null;
        }
        if (bin == null || !Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
            SystemPrerequisite.missing("PostgreSQL is not installed: apt-get install postgresql");
            throw new IllegalStateException("unreachable");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            // The cluster runs as the postgres user, which only root can become (CI is root).
            SystemPrerequisite.missing("the private PostgreSQL cluster needs root (to run it as postgres)");
            throw new IllegalStateException("unreachable");
        }
        Path dir = Files.createTempDirectory("netsmtp-pg");
        run(List.of("chown", "postgres:postgres", dir.toString()));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        asPostgres(bin.resolve("initdb") + " -D " + data + " -A trust -U postgres --no-sync -E UTF8");
        PostgresCluster cluster = new PostgresCluster(dir, bin, port);
        cluster.resume();
        return cluster;
    }

    /**
     * Stops the server (fast shutdown: open connections are cut), keeping its data, as an outage.
     *
     * @throws IOException when pg_ctl fails
     */
    public void stop() throws IOException {
        asPostgres(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -w -t 60 -m fast stop");
    }

    /**
     * Starts the server again on the same port and data after {@link #stop()}.
     *
     * @throws IOException when pg_ctl fails
     */
    public void resume() throws IOException {
        asPostgres(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -w -t 60 -l " + dir.resolve("log")
                + " -o \"-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off\" start");
    }

    /**
     * Returns the JDBC address of the cluster's {@code postgres} database, as user postgres.
     *
     * @return the address
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private static void asPostgres(String command) throws IOException {
        run(List.of("/usr/sbin/runuser", "-u", "postgres", "--", "sh", "-c", command));
    }

    private static void run(List<String> command) throws IOException {
        Path out = Files.createTempFile("pg-run", ".log");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            boolean ended;
            try {
                ended = p.waitFor(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted: " + command, e);
            }
            if (!ended) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IOException(command + " failed: " + Files.readString(out, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            asPostgres(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -w -t 60 -m immediate stop");
        } finally {
            run(List.of("rm", "-rf", dir.toString()));
        }
    }
}
