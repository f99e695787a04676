/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} on 127.0.0.1, a real server that drops or refuses on cue: its
 * {@code -q} (disconnect without a reply after a command), {@code -Q} (421 and disconnect),
 * {@code -r} / {@code -f} (4xx / 5xx to a command), {@code -A} (550 in the middle of the data) and
 * {@code -w} (a slow DATA reply). Every message it takes is dumped to a file of its own, so a test
 * can count what really arrived. Stopped and removed by {@link #close()}.
 */
public final class PostfixSmtpSink implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/smtp-sink");

    private final Process process;
    private final Path dir;
    private final int port;

    private PostfixSmtpSink(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Skips the calling test with a message when {@code smtp-sink} is not installed, or fails it in CI.
     */
    public static void assumeAvailable() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String how = "smtp-sink tests need " + BINARY + "; enable them with `apt-get install postfix`";
        SystemPrerequisite.missing(how);
    }

    /**
     * Starts a sink with the given {@code smtp-sink} options (for example {@code "-q", "."}).
     *
     * @param options smtp-sink options placed before the address
     * @return the running sink
     * @throws Exception when it does not start
     */
    public static PostfixSmtpSink start(String... options) throws Exception {
        Path dir = Files.createTempDirectory("netsmtp-sink");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            // smtp-sink insists on dropping root; the dump folder must then be the user's.
            command.addAll(List.of("-u", "postfix"));
            new ProcessBuilder("chown", "postfix", dir.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
        command.addAll(List.of("-t", "20", "-d", dir.resolve("m.").toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("127.0.0.1:" + port, "64"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile())
                .start();
        PostfixSmtpSink sink = new PostfixSmtpSink(process, dir, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return sink;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    sink.close();
                    throw new IOException("smtp-sink did not listen on 127.0.0.1:" + port + ": " + command, e);
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Returns the port.
     *
     * @return the port on 127.0.0.1
     */
    public int port() {
        return port;
    }

    /**
     * Returns every message the sink took so far, headers it adds included.
     *
     * @return the dumped messages
     * @throws IOException when the folder cannot be read
     */
    public List<String> messages() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> out = new ArrayList<>();
            for (Path f : s.sorted().toList()) {
                String message = Files.readString(f, StandardCharsets.ISO_8859_1);
                if (!message.isEmpty()) { // smtp-sink opens a dump file before the data comes
                    out.add(message);
                }
            }
            return out;
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + ".log"));
    }
}
