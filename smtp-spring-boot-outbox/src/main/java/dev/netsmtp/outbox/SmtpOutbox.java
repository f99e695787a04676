/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.netsmtp.Envelope;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.OutgoingMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transactional outbox for mail: {@link #enqueue} writes the message into the application's
 * database in the caller's transaction (rolled back, nothing is ever sent), and {@link OutboxWorkers}
 * on any number of instances send it with an {@code SmtpTemplate}, keeping the core's outcome rules:
 * transient refusals are retried later, permanent ones fail, and a send that may have been delivered
 * ({@link OutboxState#UNCERTAIN}) is parked and never resent by itself.
 *
 * <p>The transaction: inside a Spring-managed transaction on the same {@link DataSource}
 * ({@code @Transactional}, {@code TransactionTemplate}, JPA), enqueue joins it; outside one, it runs
 * its own. The tables: {@link OutboxSchema}. The operator's side: {@link #list}, {@link #find},
 * {@link #markSent}, {@link #resend}, {@link #statistics}. Thread-safe.
 */
public final class SmtpOutbox {

    /** db-scheduler's task name for a message's work item; its instance id is the message's key. */
    static final String TASK = "smtp-outbox-send";

    /**
     * Messages enqueued together share a work item up to this many: one instance sends them, in
     * chunks of its batch size, and more items spread a large enqueue over the instances.
     */
    static final int GROUP = 100;

    private final OutboxStore store;
    private final SchedulerClient scheduler;
    private final TransactionTemplate transactions;
    private final Clock clock;

    private SmtpOutbox(DataSource dataSource, Clock clock) {
        this.store = new OutboxStore(dataSource);
        this.scheduler = SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource))
                .build();
        this.transactions = store.transactions();
        this.clock = clock;
    }

    /**
     * Creates an outbox on a database that has its tables ({@link OutboxSchema#create}).
     *
     * @param dataSource the application's database
     * @return the outbox
     */
    public static SmtpOutbox create(DataSource dataSource) {
        return new SmtpOutbox(Objects.requireNonNull(dataSource, "dataSource"), Clock.systemUTC());
    }

    /**
     * Enqueues a message under its envelope's key, or a new one when it has none. A key already in the
     * outbox is not enqueued again: the first message under it stands.
     *
     * @param message the envelope and content
     * @return the key
     * @throws IllegalArgumentException when the content is empty
     * @throws org.springframework.dao.DataAccessException when the database refuses
     */
    public IdempotencyKey enqueue(OutgoingMessage message) {
        return enqueueAll(List.of(message)).get(0);
    }

    /**
     * Enqueues a message: see {@link #enqueue(OutgoingMessage)}.
     *
     * @param envelope the envelope, with its key when the application has one
     * @param content the message as RFC 5322 bytes
     * @return the key
     */
    public IdempotencyKey enqueue(Envelope envelope, byte[] content) {
        return enqueue(OutgoingMessage.of(envelope, content));
    }

    /**
     * Enqueues messages in one transaction (joined when the caller has one) and one batch of
     * statements; up to 100 at a time share one work item, so one worker sends them in pipelined
     * chunks. A key given twice in the call, or already in the table, is queued once.
     *
     * @param messages the messages
     * @return their keys, in order
     */
    public List<IdempotencyKey> enqueueAll(List<OutgoingMessage> messages) {
        List<IdempotencyKey> keys = new ArrayList<>(messages.size());
        List<String> envelopes = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            OutgoingMessage m = Objects.requireNonNull(messages.get(i), "messages[" + i + "]");
            if (m.content().length == 0) {
                throw new IllegalArgumentException("messages[" + i + "]: the content is empty");
            }
            keys.add(m.envelope().key().orElseGet(IdempotencyKey::generate));
            envelopes.add(EnvelopeCodec.encode(m.envelope()));
        }
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            // A key given twice in one call is queued once, as a key given again later is.
            Set<String> seen = new HashSet<>();
            List<Integer> unique = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                if (seen.add(keys.get(i).value())) {
                    unique.add(i);
                }
            }
            // One message is its own work item, named by its key; a group of up to GROUP shares one.
            List<OutboxStore.NewRow> rows = new ArrayList<>(unique.size());
            List<String> items = new ArrayList<>(unique.size() / GROUP + 1);
            for (int r = 0; r < unique.size(); r++) {
                int i = unique.get(r);
                if (r % GROUP == 0) {
                    items.add(unique.size() - r == 1 ? keys.get(i).value() : "group-" + UUID.randomUUID());
                }
                rows.add(new OutboxStore.NewRow(
                        keys.get(i).value(),
                        items.get(r / GROUP),
                        envelopes.get(i),
                        messages.get(i).content()));
            }
            boolean[] queued = store.insertAll(rows, now);
            List<TaskInstance<?>> work = new ArrayList<>(items.size());
            for (int g = 0; g < items.size(); g++) {
                for (int r = g * GROUP; r < Math.min(rows.size(), (g + 1) * GROUP); r++) {
                    if (queued[r]) {
                        work.add(new TaskInstance<Void>(TASK, items.get(g)));
                        break;
                    }
                }
            }
            if (work.size() == 1) {
                scheduler.scheduleIfNotExists(work.get(0), now);
            } else if (!work.isEmpty()) {
                scheduler.scheduleBatch(work, now);
            }
        });
        return List.copyOf(keys);
    }

    /**
     * Finds a message.
     *
     * @param key its key
     * @return the entry, or empty when the outbox has none under that key (never enqueued, or purged)
     */
    public Optional<OutboxEntry> find(IdempotencyKey key) {
        return store.find(key.value());
    }

    /**
     * Lists the messages in a state, oldest first.
     *
     * @param state the state
     * @param limit at most this many, 1 to 10,000
     * @return the entries
     */
    public List<OutboxEntry> list(OutboxState state, int limit) {
        Objects.requireNonNull(state, "state");
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1 to 10000, was " + limit);
        }
        return store.list(state, limit);
    }

    /**
     * Counts the messages by state.
     *
     * @return the figures
     */
    public OutboxStatistics statistics() {
        return new OutboxStatistics(store.counts(), store.oldestWaiting(), clock.instant());
    }

    /**
     * Records that an {@link OutboxState#UNCERTAIN} or {@link OutboxState#FAILED} message was
     * delivered after all (found in the recipient's mailbox, or in a delivery report).
     *
     * @param key its key
     * @return true when it was changed; false when it is in no such state
     */
    public boolean markSent(IdempotencyKey key) {
        return store.markSent(key.value(), "marked sent by the application or an operator", clock.instant());
    }

    /**
     * Sends an {@link OutboxState#UNCERTAIN} or {@link OutboxState#FAILED} message again, on purpose:
     * it becomes {@link OutboxState#PENDING} with a new maximum age. For an uncertain message, this
     * may deliver it twice; the key (its Message-ID and ENVID) lets the receiver tell.
     *
     * @param key its key
     * @return true when it was queued again; false when it is in no such state
     */
    public boolean resend(IdempotencyKey key) {
        Boolean queued = transactions.execute(status -> {
            Instant now = clock.instant();
            if (!store.requeue(key.value(), now)) {
                return false;
            }
            scheduler.scheduleIfNotExists(new TaskInstance<Void>(TASK, key.value()), now);
            return true;
        });
        return Boolean.TRUE.equals(queued);
    }

    /**
     * Deletes {@link OutboxState#SENT} messages last changed longer ago than {@code age}. The workers'
     * maintenance does this by {@link OutboxSettings#retention()}.
     *
     * @param age positive
     * @return how many were deleted
     */
    public int purgeSent(Duration age) {
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("age must be positive, was " + age);
        }
        return store.purgeSent(clock.instant().minus(age));
    }

    /** Gives a waiting row a work item again (the maintenance's repair of a lost one). */
    void reschedule(String key, Instant when) {
        scheduler.scheduleIfNotExists(new TaskInstance<Void>(TASK, key), when);
    }

    @Override
    public String toString() {
        return "SmtpOutbox[" + OutboxStore.TABLE + "]";
    }
}
