/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A discarding SMTP sink that offers CHUNKING (RFC 3030), which Postfix's {@code smtp-sink} does
 * not: it reads every BDAT chunk and every DATA body and keeps none, so that a 1 GiB message can
 * go by BDAT to a process that holds nothing. One thread per
 * connection; replies are flushed when the client has nothing more buffered, as a pipelining
 * server does.
 *
 * <pre>java -jar netsmtp-benchmarks.jar chunking-sink --listen 2527</pre>
 */
public final class ChunkingSink implements AutoCloseable {

    private final ServerSocket server;

    /**
     * Starts listening on 127.0.0.1.
     *
     * @param port the port, 0 for any free one
     * @throws IOException when it cannot listen
     */
    public ChunkingSink(int port) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        Thread t = new Thread(this::accept, "chunking-sink");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Returns the port.
     *
     * @return the port on 127.0.0.1
     */
    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "chunking-sink-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            reply(out, in, "220 sink ESMTP");
            byte[] discard = new byte[65536];
            String line;
            while ((line = readLine(in)) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO", "LHLO" -> reply(out, in, "250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 CHUNKING");
                    case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, in, "250 2.0.0 ok");
                    case "QUIT" -> {
                        reply(out, in, "221 2.0.0 bye");
                        return;
                    }
                    case "DATA" -> {
                        reply(out, in, "354 go ahead");
                        skipData(in);
                        reply(out, in, "250 2.0.0 queued");
                    }
                    case "BDAT" -> {
                        String[] parts = line.split(" ");
                        long n = Long.parseLong(parts[1]);
                        for (long left = n; left > 0; ) {
                            int got = in.read(discard, 0, (int) Math.min(discard.length, left));
                            if (got < 0) {
                                return;
                            }
                            left -= got;
                        }
                        boolean last = parts.length > 2 && "LAST".equalsIgnoreCase(parts[2]);
                        reply(out, in, last ? "250 2.0.0 queued" : "250 2.0.0 " + n + " octets received");
                    }
                    default -> reply(out, in, "502 5.5.2 not here");
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client went away, or sent what this sink does not read: the connection ends.
        }
    }

    /** Writes a reply; flushes only when the client has nothing more waiting (a pipelined group's end). */
    private static void reply(OutputStream out, InputStream in, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (in.available() == 0) {
            out.flush();
        }
    }

    private void skipData(InputStream in) throws IOException {
        int state = 2; // 0 text, 1 CR, 2 line start, 3 dot at line start, 4 dot CR
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the data");
            }
            state = switch (state) {
                case 2 -> b == '.' ? 3 : b == '\r' ? 1 : 0;
                case 3 -> b == '\r' ? 4 : 0;
                case 4 -> b == '\n' ? 5 : 0;
                case 1 -> b == '\n' ? 2 : b == '\r' ? 1 : 0;
                default -> b == '\r' ? 1 : 0;
            };
            if (state == 5) {
                return;
            }
        }
    }

    private static @Nullable String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /**
     * Runs the sink until killed.
     *
     * @param args {@code --listen PORT}
     * @throws Exception when it cannot listen
     */
    public static void main(String[] args) throws Exception {
        Args a = new Args(args, Map.of("listen", "2527"));
        try (ChunkingSink sink = new ChunkingSink(a.getInt("listen"))) {
            System.out.println("chunking sink on 127.0.0.1:" + sink.port());
            Thread.currentThread().join();
        }
    }
}
