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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A scripted SMTP peer for misbehaviour no real server produces on cue (OkHttp's MockWebServer is
 * the model): it listens on 127.0.0.1 on an ephemeral port, runs the test's script against each
 * connection it accepts, and records every byte and every read it received.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** What the server does with one connection. */
    @FunctionalInterface
    public interface Script {
        /**
         * Plays one conversation.
         *
         * @param c the connection
         * @throws Exception any failure, reported by {@link #verify()}
         */
        void run(Conversation c) throws Exception;
    }

    private final ServerSocket serverSocket;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Conversation> conversations = new CopyOnWriteArrayList<>();

    private final List<Thread> workers = new CopyOnWriteArrayList<>();

    private ScriptedSmtpServer(List<Script> scripts, boolean concurrently) throws IOException {
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(
                () -> {
                    if (concurrently) {
                        serveConcurrently(scripts);
                    } else {
                        serve(scripts);
                    }
                },
                "scripted-smtp-" + serverSocket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts a server that plays the script for the first connection, then stops accepting.
     *
     * @param script the conversation
     * @return the running server
     * @throws IOException when it cannot listen
     */
    public static ScriptedSmtpServer start(Script script) throws IOException {
        return new ScriptedSmtpServer(List.of(script), false);
    }

    /**
     * Starts a server that plays each script for one connection, in order.
     *
     * @param scripts one per expected connection
     * @return the running server
     * @throws IOException when it cannot listen
     */
    public static ScriptedSmtpServer startEach(Script... scripts) throws IOException {
        return new ScriptedSmtpServer(List.of(scripts), false);
    }

    /**
     * Starts a server that plays each script for one connection, each on its own thread, so the
     * connections are served at the same time.
     *
     * @param scripts one per expected connection, in the order they connect
     * @return the running server
     * @throws IOException when it cannot listen
     */
    public static ScriptedSmtpServer startConcurrently(Script... scripts) throws IOException {
        return new ScriptedSmtpServer(List.of(scripts), true);
    }

    private void serveConcurrently(List<Script> scripts) {
        for (Script script : scripts) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return;
            }
            Thread worker = new Thread(
                    () -> {
                        try (Socket s = socket) {
                            s.setSoTimeout(10_000);
                            Conversation c = new Conversation(s);
                            conversations.add(c);
                            script.run(c);
                        } catch (Throwable t) {
                            if (!serverSocket.isClosed()) {
                                failure.compareAndSet(null, t);
                            }
                        }
                    },
                    "scripted-smtp-worker");
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    private void serve(List<Script> scripts) {
        for (Script script : scripts) {
            try (Socket socket = serverSocket.accept()) {
                socket.setSoTimeout(10_000);
                Conversation c = new Conversation(socket);
                conversations.add(c);
                script.run(c);
            } catch (Throwable t) {
                if (!serverSocket.isClosed()) {
                    failure.compareAndSet(null, t);
                }
                return;
            }
        }
    }

    /**
     * Returns the port.
     *
     * @return the ephemeral port on 127.0.0.1
     */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * Starts a client configuration for this server: its host and port and a read timeout of 5 s.
     *
     * @return the builder
     */
    public dev.netsmtp.session.SmtpConfig.Builder config() {
        return dev.netsmtp.session.SmtpConfig.builder()
                .host(host())
                .port(port())
                .readTimeout(Duration.ofSeconds(5));
    }

    /**
     * Returns the host to connect to.
     *
     * @return {@code 127.0.0.1}
     */
    public String host() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    /**
     * Waits for the scripts to end and rethrows the first failure.
     *
     * @throws Exception what a script threw or an assertion it failed
     */
    public void verify() throws Exception {
        thread.join(15_000);
        for (Thread w : workers) {
            w.join(15_000);
        }
        if (thread.isAlive() || workers.stream().anyMatch(Thread::isAlive)) {
            throw new AssertionError("script did not finish");
        }
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /**
     * Returns the conversations so far.
     *
     * @return one per accepted connection
     */
    public List<Conversation> conversations() {
        return conversations;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Conversation c : conversations) {
            c.close();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
