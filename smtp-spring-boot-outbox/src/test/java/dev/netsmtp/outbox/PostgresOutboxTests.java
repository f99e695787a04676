/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import dev.netsmtp.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** The outbox's rules on PostgreSQL, a private cluster: a new database per test. */
@Timeout(90)
class PostgresOutboxTests extends OutboxBehaviour {

    private static PostgresCluster pg;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void startCluster() throws Exception {
        pg = PostgresCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    String jdbcUrl() throws Exception {
        String name = "outbox" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return pg.jdbcUrl().replace("/postgres?", "/" + name + "?");
    }
}
