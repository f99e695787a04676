/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import com.zaxxer.hikari.HikariDataSource;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.tls.TlsMode;
import java.time.Duration;

/**
 * One instance of an application draining the outbox, in a JVM of its own so a test can kill it
 * with SIGKILL: {@code OutboxNode <jdbc-url> <smtp-port> <node-name> <threads>}. It prints
 * {@code started} and runs until killed or until its standard input closes.
 */
public final class OutboxNode {

    private OutboxNode() {}

    /** Messages a thread marks and sends at once. */
    static final int BATCH = 5;

    /** Short heartbeats, so a killed node is declared dead in about a second. */
    static OutboxSettings settings(String name, int threads) {
        return OutboxSettings.builder()
                .nodeName(name)
                .threads(threads)
                .batchSize(BATCH)
                .pollingInterval(Duration.ofMillis(100))
                .heartbeat(Duration.ofMillis(300), 4)
                .retry(Duration.ofMillis(200), Duration.ofSeconds(1))
                .maintenanceInterval(Duration.ofSeconds(1))
                .build();
    }

    static HikariDataSource dataSource(String url, int size) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setMaximumPoolSize(size);
        dataSource.setConnectionTimeout(2000);
        return dataSource;
    }

    static SmtpTemplate template(PooledSmtpSessionFactory pool) {
        return SmtpTemplate.builder(pool).retryPolicy(RetryPolicy.none()).build();
    }

    static PooledSmtpSessionFactory pool(int port, int size) {
        return new PooledSmtpSessionFactory(
                SmtpConfig.builder()
                        .host("127.0.0.1")
                        .port(port)
                        .tls(TlsMode.NONE)
                        .build(),
                PoolConfig.builder().maxTotal(size).maxIdle(size).build());
    }

    /**
     * Runs the node.
     *
     * @param args the database, the SMTP port, the node's name and its threads
     * @throws Exception when it cannot start
     */
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[3]);
        try (HikariDataSource dataSource = dataSource(args[0], threads + 4);
                PooledSmtpSessionFactory pool = pool(Integer.parseInt(args[1]), threads);
                OutboxWorkers workers = OutboxWorkers.start(
                        dataSource, template(pool), settings(args[2], threads), OutboxListener.NONE)) {
            System.out.println("started " + workers);
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the test closes our input or kills us
            }
        }
    }
}
