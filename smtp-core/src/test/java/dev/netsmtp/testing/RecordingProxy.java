/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A loopback TCP relay that records every chunk the client's writes arrive in, to show on the wire
 * what a real server was sent (PIPELINING: one chunk per command group).
 */
public final class RecordingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> clientChunks = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    /**
     * Starts relaying to a target on 127.0.0.1.
     *
     * @param targetPort the real server's port
     * @throws IOException when it cannot listen
     */
    public RecordingProxy(int targetPort) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket client = server.accept();
                            Socket target = new Socket();
                            target.connect(new InetSocketAddress("127.0.0.1", targetPort), 5000);
                            synchronized (sockets) {
                                sockets.add(client);
                                sockets.add(target);
                            }
                            pump(client.getInputStream(), target.getOutputStream(), true);
                            pump(target.getInputStream(), client.getOutputStream(), false);
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "recording-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(InputStream in, OutputStream out, boolean record) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[65536];
                    try {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            if (record) {
                                synchronized (clientChunks) {
                                    clientChunks.add(new String(Arrays.copyOf(buf, n), StandardCharsets.ISO_8859_1));
                                }
                            }
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException ignored) {
                        // One side closed; the other follows.
                    } finally {
                        try {
                            out.close();
                        } catch (IOException ignored) {
                            // Already closed.
                        }
                    }
                },
                "recording-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Returns the port to connect to.
     *
     * @return the proxy's port on 127.0.0.1
     */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Returns the chunks the client's bytes arrived in, in order.
     *
     * @return the chunks as ISO-8859-1 text
     */
    public List<String> clientChunks() {
        synchronized (clientChunks) {
            return List.copyOf(clientChunks);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
