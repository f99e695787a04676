/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The outbox's tables: {@code smtp_outbox} (the messages) and db-scheduler's {@code scheduled_tasks}
 * (the work items), for PostgreSQL (production) and H2 (embedded). The statements are in this
 * package's {@code schema-postgresql.sql} and {@code schema-h2.sql}, for a migration tool
 * (Flyway, Liquibase) to take as they are; {@link #create} runs them, and is safe to run again.
 */
public final class OutboxSchema {

    private OutboxSchema() {}

    /**
     * Creates the tables that do not exist yet.
     *
     * @param dataSource the database, PostgreSQL or H2
     * @throws IllegalStateException when the database is another, or refuses a statement
     */
    public static void create(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            String name = product.toLowerCase(Locale.ROOT);
            String file;
            if (name.contains("postgres")) {
                file = "schema-postgresql.sql";
            } else if (name.equals("h2")) {
                file = "schema-h2.sql";
            } else {
                throw new IllegalStateException(
                        "the outbox ships tables for PostgreSQL and H2, not " + product
                                + "; create smtp_outbox and db-scheduler's scheduled_tasks by hand (see schema-postgresql.sql)");
            }
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String statement : read(file).split(";")) {
                    String sql = statement.replaceAll("(?m)^--.*$", "").trim();
                    if (!sql.isEmpty()) {
                        st.execute(sql);
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the outbox's tables: " + e.getMessage(), e);
        }
    }

    private static String read(String file) {
        try (InputStream in = OutboxSchema.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing " + file + " beside " + OutboxSchema.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
