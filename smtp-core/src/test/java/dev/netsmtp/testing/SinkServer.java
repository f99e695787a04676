/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import dev.netsmtp.session.SmtpConfig;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fast discarding SMTP server on 127.0.0.1 for load through the pool (smtp-sink's job, without
 * needing Postfix): PIPELINING, a thread per connection, every message counted and dropped.
 * Optionally closes the connection right after each message's 250, as servers with a
 * one-message-per-connection policy do.
 */
public final class SinkServer implements AutoCloseable {

    private static final byte[] EHLO =
            "250-sink\r\n250-PIPELINING\r\n250 8BITMIME\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final boolean closeAfterMessage;
    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private SinkServer(boolean closeAfterMessage) throws IOException {
        this.closeAfterMessage = closeAfterMessage;
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        acceptor = new Thread(this::accept, "sink-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a sink that keeps connections open.
     *
     * @return the running sink
     * @throws IOException when it cannot listen
     */
    public static SinkServer start() throws IOException {
        return new SinkServer(false);
    }

    /**
     * Starts a sink that closes each connection after the reply to its first message.
     *
     * @return the running sink
     * @throws IOException when it cannot listen
     */
    public static SinkServer closingAfterEachMessage() throws IOException {
        return new SinkServer(true);
    }

    /**
     * A clear-text configuration for this sink.
     *
     * @return the builder, host and port set
     */
    public SmtpConfig.Builder config() {
        return SmtpConfig.builder().host("127.0.0.1").port(listener.getLocalPort());
    }

    /**
     * Messages answered with 250 so far.
     *
     * @return the count
     */
    public int messages() {
        return messages.get();
    }

    /**
     * Connections accepted so far.
     *
     * @return the count
     */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            open.add(s);
            Thread t = new Thread(() -> serve(s), "sink-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(30_000);
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 4096);
            out.write("220 sink ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            StringBuilder line = new StringBuilder(128);
            while (readLine(in, line)) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : "";
                switch (cmd) {
                    case "EHLO", "LHLO" -> out.write(EHLO);
                    case "DATA" -> {
                        out.write("354 go\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        while (readLine(in, line) && !(line.length() == 1 && line.charAt(0) == '.')) {
                            // discarded
                        }
                        messages.incrementAndGet();
                        out.write("250 2.0.0 queued\r\n".getBytes(StandardCharsets.US_ASCII));
                        if (closeAfterMessage) {
                            out.flush();
                            return;
                        }
                    }
                    case "QUIT" -> {
                        out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return;
                    }
                    default -> out.write("250 ok\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // The client went away.
        } finally {
            open.remove(s);
        }
    }

    private static boolean readLine(InputStream in, StringBuilder line) throws IOException {
        line.setLength(0);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                }
                return true;
            }
            if (line.length() < 1024) {
                line.append((char) b);
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
