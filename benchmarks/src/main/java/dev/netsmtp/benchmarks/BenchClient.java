/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

/**
 * One client under test, behind one small adapter. Everything a client can prepare (the message,
 * connections, pools) is prepared before timing; {@link Sender#send()} is what is timed.
 */
interface BenchClient extends AutoCloseable {

    /** The name in the CSV. */
    String name();

    /** A sender for one thread, connected if the client keeps connections. */
    Sender sender() throws Exception;

    @Override
    void close() throws Exception;

    /** Sends the benchmark message once; owned by one thread. */
    interface Sender extends AutoCloseable {
        void send() throws Exception;

        @Override
        default void close() throws Exception {}
    }

    /** Where and what to send. */
    record Target(String host, int port, int threads, byte[] message, int size) {}

    /** The client of this name. */
    static BenchClient create(String name, Target target) throws Exception {
        return switch (name) {
            case "netsmtp-template" -> new NetsmtpClients.Template(target);
            case "netsmtp-session" -> new NetsmtpClients.Session(target);
            case "angus-reuse" -> new JakartaClients.AngusReuse(target);
            case "angus-per-message" -> new JakartaClients.AngusPerMessage(target);
            case "spring-javamail" -> new JakartaClients.SpringJavaMail(target);
            case "simplejavamail-pool" -> new OtherClients.SimpleJavaMailPool(target);
            case "vertx-pool" -> new OtherClients.VertxPool(target);
            default -> throw new IllegalArgumentException("unknown client " + name + "; clients: "
                    + String.join(
                            ", ",
                            "netsmtp-template",
                            "netsmtp-session",
                            "angus-reuse",
                            "angus-per-message",
                            "spring-javamail",
                            "simplejavamail-pool",
                            "vertx-pool"));
        };
    }
}
