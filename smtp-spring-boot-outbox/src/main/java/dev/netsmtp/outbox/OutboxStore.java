/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import dev.netsmtp.Envelope;
import dev.netsmtp.IdempotencyKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's table, {@code smtp_outbox}: every statement the outbox runs on it, in SQL that
 * PostgreSQL and H2 both take. Times are epoch milliseconds. Each change of state names the state
 * (and attempt) it expects, so two instances can never both move one message.
 */
final class OutboxStore {

    static final String TABLE = "smtp_outbox";

    private static final String COLUMNS =
            "message_key, state, envelope, octets, attempts, created_at, updated_at, next_attempt_at, node, last_reply";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    OutboxStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** A message as a worker needs it. */
    record Work(String key, OutboxState state, String envelope, byte[] content, int attempts, Instant created) {}

    /** What one attempt ended in, to be written; {@code attempt} is the number the mark gave it. */
    record Finish(String key, int attempt, OutboxState state, @Nullable String reply, @Nullable Instant next) {}

    /** A row left SENDING: its attempt. */
    record Sending(String key, int attempts) {}

    /** A message to queue, with the work item it joins. */
    record NewRow(String key, String workItem, String envelope, byte[] content) {}

    /**
     * Queues the messages in one batch of statements (one round trip, not one per message), each
     * only if its key is new.
     *
     * @return for each, whether it was queued (a key already there is not)
     */
    boolean[] insertAll(List<NewRow> rows, Instant now) {
        int[][] counts = jdbc.batchUpdate(
                "INSERT INTO " + TABLE + " (message_key, work_item, state, envelope, content, octets, attempts,"
                        + " created_at, updated_at) SELECT ?, ?, 'PENDING', ?, ?, ?, 0, ?, ? WHERE NOT EXISTS"
                        + " (SELECT 1 FROM " + TABLE + " WHERE message_key = ?)",
                rows,
                rows.size(),
                (ps, r) -> {
                    ps.setString(1, r.key());
                    ps.setString(2, r.workItem());
                    ps.setString(3, r.envelope());
                    ps.setBytes(4, r.content());
                    ps.setInt(5, r.content().length);
                    ps.setLong(6, now.toEpochMilli());
                    ps.setLong(7, now.toEpochMilli());
                    ps.setString(8, r.key());
                });
        return done(counts, rows.size());
    }

    /** A batch's counts, one flag a row; a driver's SUCCESS_NO_INFO (-2) counts as done. */
    private static boolean[] done(int[][] counts, int rows) {
        boolean[] out = new boolean[rows];
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                out[i++] = count != 0;
            }
        }
        return out;
    }

    /** The transactions of this store's DataSource, for a caller that writes with it. */
    TransactionTemplate transactions() {
        return transactions;
    }

    /** The messages of a work item that are due, oldest first. */
    List<Work> due(String workItem, Instant now, int limit) {
        return jdbc.query(
                "SELECT message_key, state, envelope, content, attempts, created_at FROM " + TABLE
                        + " WHERE work_item = ? AND (state = 'PENDING' OR (state = 'RETRY' AND next_attempt_at <= ?))"
                        + " ORDER BY created_at, message_key FETCH FIRST " + limit + " ROWS ONLY",
                (rs, i) -> new Work(
                        rs.getString(1),
                        OutboxState.valueOf(rs.getString(2)),
                        rs.getString(3),
                        rs.getBytes(4),
                        rs.getInt(5),
                        Instant.ofEpochMilli(rs.getLong(6))),
                workItem,
                now.toEpochMilli());
    }

    /** The messages of a work item left SENDING by an execution that did not finish. */
    List<Sending> leftSending(String workItem) {
        return jdbc.query(
                "SELECT message_key, attempts FROM " + TABLE + " WHERE work_item = ? AND state = 'SENDING'",
                (rs, i) -> new Sending(rs.getString(1), rs.getInt(2)),
                workItem);
    }

    /**
     * The durable mark, for a chunk in one transaction: written and committed before the chunk's
     * first envelope goes to the wire. Each row only if it is still as read.
     *
     * @return the rows marked, each with its new attempt number
     */
    List<Work> markSending(List<Work> rows, String node, Instant now) {
        int[][] counts = transactions.execute(status -> jdbc.batchUpdate(
                "UPDATE " + TABLE + " SET state = 'SENDING', attempts = attempts + 1, node = ?, updated_at = ?,"
                        + " next_attempt_at = NULL WHERE message_key = ? AND state = ? AND attempts = ?",
                rows,
                rows.size(),
                (ps, w) -> {
                    ps.setString(1, node);
                    ps.setLong(2, now.toEpochMilli());
                    ps.setString(3, w.key());
                    ps.setString(4, w.state().name());
                    ps.setInt(5, w.attempts());
                }));
        boolean[] done = counts == null ? null : done(counts, rows.size());
        List<Work> marked = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (done == null || done[i]) {
                Work w = rows.get(i);
                marked.add(new Work(
                        w.key(), OutboxState.SENDING, w.envelope(), w.content(), w.attempts() + 1, w.created()));
            }
        }
        return marked;
    }

    /**
     * Records what a chunk's sends ended in, in one transaction. Each applies also over
     * {@link OutboxState#UNCERTAIN}: another instance may have parked a message while this one was
     * slow to write, and the instance that sent knows better.
     */
    void finish(List<Finish> ends, Instant now) {
        transactions.executeWithoutResult(status -> jdbc.batchUpdate(
                "UPDATE " + TABLE + " SET state = ?, last_reply = ?, next_attempt_at = ?, updated_at = ?"
                        + " WHERE message_key = ? AND attempts = ? AND state IN ('SENDING', 'UNCERTAIN')",
                ends,
                ends.size(),
                (ps, f) -> {
                    ps.setString(1, f.state().name());
                    String reply = f.reply();
                    ps.setString(2, reply == null ? null : clip(reply));
                    Instant next = f.next();
                    if (next == null) {
                        ps.setNull(3, Types.BIGINT);
                    } else {
                        ps.setLong(3, next.toEpochMilli());
                    }
                    ps.setLong(4, now.toEpochMilli());
                    ps.setString(5, f.key());
                    ps.setInt(6, f.attempt());
                }));
    }

    /** When the work item is due again: now for a pending message, a retry's time, or never. */
    Optional<Instant> nextDue(String workItem, Instant now) {
        Long next = jdbc.queryForObject(
                "SELECT MIN(CASE WHEN state = 'PENDING' THEN ? ELSE next_attempt_at END) FROM " + TABLE
                        + " WHERE work_item = ? AND state IN ('PENDING', 'RETRY')",
                Long.class,
                now.toEpochMilli(),
                workItem);
        return Optional.ofNullable(next).map(Instant::ofEpochMilli);
    }

    /** A message found {@link OutboxState#SENDING} with no live worker behind it: it may have gone out. */
    boolean park(String key, int attempt, String reason, Instant now) {
        return jdbc.update(
                        "UPDATE " + TABLE + " SET state = 'UNCERTAIN', last_reply = ?, updated_at = ?"
                                + " WHERE message_key = ? AND attempts = ? AND state = 'SENDING'",
                        reason,
                        now.toEpochMilli(),
                        key,
                        attempt)
                == 1;
    }

    boolean markSent(String key, String reason, Instant now) {
        return jdbc.update(
                        "UPDATE " + TABLE + " SET state = 'SENT', last_reply = ?, updated_at = ?"
                                + " WHERE message_key = ? AND state IN ('UNCERTAIN', 'FAILED')",
                        reason,
                        now.toEpochMilli(),
                        key)
                == 1;
    }

    /** Back to PENDING, as a work item of its own (named by its key). */
    boolean requeue(String key, Instant now) {
        return jdbc.update(
                        "UPDATE " + TABLE + " SET state = 'PENDING', work_item = ?, next_attempt_at = NULL,"
                                + " updated_at = ?, created_at = ? WHERE message_key = ? AND state IN ('UNCERTAIN', 'FAILED')",
                        key,
                        now.toEpochMilli(),
                        now.toEpochMilli(),
                        key)
                == 1;
    }

    Map<OutboxState, Long> counts() {
        Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
        for (OutboxState s : OutboxState.values()) {
            counts.put(s, 0L);
        }
        jdbc.query("SELECT state, COUNT(*) FROM " + TABLE + " GROUP BY state", (ResultSet rs) -> {
            counts.put(OutboxState.valueOf(rs.getString(1)), rs.getLong(2));
        });
        return counts;
    }

    Optional<Instant> oldestWaiting() {
        Long oldest = jdbc.queryForObject(
                "SELECT MIN(created_at) FROM " + TABLE + " WHERE state IN ('PENDING', 'RETRY')", Long.class);
        return Optional.ofNullable(oldest).map(Instant::ofEpochMilli);
    }

    List<OutboxEntry> list(OutboxState state, int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE state = ? ORDER BY created_at, message_key"
                        + " FETCH FIRST " + limit + " ROWS ONLY",
                ENTRY,
                state.name());
    }

    Optional<OutboxEntry> find(String key) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE message_key = ?", ENTRY, key).stream()
                .findFirst();
    }

    int purgeSent(Instant before) {
        return jdbc.update("DELETE FROM " + TABLE + " WHERE state = 'SENT' AND updated_at < ?", before.toEpochMilli());
    }

    /** A row whose work item is gone (a lost schedule; a worker that never recorded its end). */
    record Orphan(String key, String workItem, OutboxState state, int attempts) {}

    List<Orphan> orphans(String taskName, Instant before, int limit) {
        return jdbc.query(
                "SELECT message_key, work_item, state, attempts FROM " + TABLE
                        + " o WHERE state IN ('PENDING', 'RETRY',"
                        + " 'SENDING') AND updated_at < ? AND NOT EXISTS (SELECT 1 FROM scheduled_tasks t WHERE"
                        + " t.task_name = ? AND t.task_instance = o.work_item) FETCH FIRST " + limit + " ROWS ONLY",
                (rs, i) -> new Orphan(
                        rs.getString(1), rs.getString(2), OutboxState.valueOf(rs.getString(3)), rs.getInt(4)),
                before.toEpochMilli(),
                taskName);
    }

    private static final RowMapper<OutboxEntry> ENTRY = (rs, i) -> entry(rs);

    private static OutboxEntry entry(ResultSet rs) throws SQLException {
        IdempotencyKey key = IdempotencyKey.of(rs.getString(1));
        Envelope envelope = EnvelopeCodec.decode(rs.getString(3), key);
        long next = rs.getLong(8);
        boolean hasNext = !rs.wasNull();
        return new OutboxEntry(
                key,
                OutboxState.valueOf(rs.getString(2)),
                envelope.reversePath(),
                envelope.recipients().stream().map(Envelope.Recipient::address).toList(),
                rs.getInt(4),
                rs.getInt(5),
                Instant.ofEpochMilli(rs.getLong(6)),
                Instant.ofEpochMilli(rs.getLong(7)),
                hasNext ? Optional.of(Instant.ofEpochMilli(next)) : Optional.empty(),
                Optional.ofNullable(rs.getString(9)),
                Optional.ofNullable(rs.getString(10)));
    }

    private static String clip(String reply) {
        return reply.length() <= 1000 ? reply : reply.substring(0, 997) + "...";
    }
}
