/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP relay that delays every chunk by a fixed time in each direction, so that round
 * trips show (a link's latency, not its bandwidth: chunks are not slowed by their size).
 *
 * <pre>java -jar netsmtp-benchmarks.jar latency-proxy --listen 2526 --target 2525 --delay-ms 1</pre>
 */
public final class LatencyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final long delayNanos;
    private final java.util.concurrent.atomic.AtomicLong turnarounds = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Starts relaying.
     *
     * @param listenPort the port to listen on, 0 for any free one
     * @param targetPort the server's port on 127.0.0.1
     * @param delayMicros the delay each way
     * @throws IOException when it cannot listen
     */
    public LatencyProxy(int listenPort, int targetPort, long delayMicros) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 1024);
        this.targetPort = targetPort;
        this.delayNanos = delayMicros * 1000;
        Thread acceptor = new Thread(this::accept, "latency-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Returns the port it listens on.
     *
     * @return the port on 127.0.0.1
     */
    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket();
                target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 10_000);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                // Who spoke last on this connection: a client write after server data is a turnaround.
                java.util.concurrent.atomic.AtomicBoolean serverSpoke = new java.util.concurrent.atomic.AtomicBoolean();
                relay(client.getInputStream(), target.getOutputStream(), client, target, () -> {
                    if (serverSpoke.getAndSet(false)) {
                        turnarounds.incrementAndGet();
                    }
                });
                relay(target.getInputStream(), client.getOutputStream(), target, client, () -> serverSpoke.set(true));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private record Chunk(long due, byte[] bytes) {}

    private static final Chunk END = new Chunk(0, new byte[0]);

    /**
     * Counts the client's turnarounds so far on every connection: each time the client wrote after
     * the server had written, that is, each time it had waited for a reply. Per message, that is
     * the round trips a message costs.
     *
     * @return the count
     */
    public long turnarounds() {
        return turnarounds.get();
    }

    private void relay(InputStream in, OutputStream out, Socket from, Socket to, Runnable onRead) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    byte[] buf = new byte[65536];
                    try {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            onRead.run();
                            queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
                        }
                    } catch (IOException ignored) {
                        // The connection ended.
                    }
                    queue.add(END);
                },
                "latency-proxy-read");
        Thread writer = new Thread(
                () -> {
                    try {
                        while (true) {
                            Chunk c = queue.take();
                            if (c == END) {
                                break;
                            }
                            long wait;
                            while ((wait = c.due() - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            out.write(c.bytes());
                        }
                    } catch (IOException | InterruptedException ignored) {
                        // The other side closed.
                    }
                    try {
                        to.shutdownOutput();
                    } catch (IOException ignored) {
                        // Already closed.
                    }
                    if (from.isInputShutdown() || to.isClosed()) {
                        closeQuietly(from);
                    }
                },
                "latency-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Closing is all that is wanted.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /**
     * Runs the proxy until killed.
     *
     * @param args {@code --listen PORT --target PORT --delay-ms MS} (or {@code --delay-us})
     * @throws Exception when it cannot listen
     */
    public static void main(String[] args) throws Exception {
        Args a = new Args(args, Map.of("listen", "2526", "target", "2525", "delay-ms", "1", "delay-us", "-1"));
        long micros = a.getLong("delay-us") >= 0 ? a.getLong("delay-us") : a.getLong("delay-ms") * 1000;
        try (LatencyProxy proxy = new LatencyProxy(a.getInt("listen"), a.getInt("target"), micros)) {
            System.out.println("latency proxy 127.0.0.1:" + proxy.port() + " -> 127.0.0.1:" + a.getInt("target") + ", "
                    + micros + " us each way");
            Thread.currentThread().join();
        }
    }
}
