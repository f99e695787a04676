/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * One execution of a work item (one message, or a group enqueued together), and the one place where
 * an attempt's end becomes a message's state.
 *
 * <ol>
 *   <li>Messages of the item found {@link OutboxState#SENDING} were being sent by an execution that
 *       died (its instance's heartbeats stopped, so the engine gave the item to this one): they may
 *       have gone out, so they are parked {@link OutboxState#UNCERTAIN}, never sent again here.
 *   <li>Then, chunk by chunk ({@link OutboxSettings#batchSize()}), the due messages are marked
 *       {@link OutboxState#SENDING} in one committed transaction before the chunk's first envelope
 *       goes to the wire; if that write fails nothing is sent (the engine retries the item).
 *   <li>The chunk goes out in one pipelined {@code sendAll}; each message's end, by the core's
 *       rule: accepted → {@link OutboxState#SENT}; may have been delivered
 *       ({@link SmtpDeliveryUncertainException}) → {@link OutboxState#UNCERTAIN}; refused for now
 *       ({@link SmtpException#isTransient()}) → {@link OutboxState#RETRY} with a backoff, or
 *       {@link OutboxState#FAILED} past the maximum age; anything else → {@link OutboxState#FAILED}.
 *   <li>The ends are written in one transaction, tried again while the database is away for up to
 *       {@link OutboxSettings#resultWriteTimeout()}; if they never land, the rows stay SENDING and
 *       the item's next execution parks them: uncertain, not resent.
 *   <li>The item is due again when a retry is, or removed when nothing of it waits.
 * </ol>
 */
final class SendWork {

    private final OutboxStore store;
    private final SmtpTemplate template;
    private final OutboxSettings settings;
    private final OutboxListener listener;
    private final Clock clock;
    private final RetryPolicy waits;

    SendWork(OutboxStore store, SmtpTemplate template, OutboxSettings settings, OutboxListener listener, Clock clock) {
        this.store = store;
        this.template = template;
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
        this.waits = new RetryPolicy(Integer.MAX_VALUE, settings.retryInitial(), 2.0, settings.retryMax());
    }

    CompletionHandler<Void> run(String item, ExecutionContext context) {
        for (OutboxStore.Sending left : store.leftSending(item)) {
            if (store.park(
                    left.key(),
                    left.attempts(),
                    "the instance sending it stopped before it recorded an outcome",
                    clock.instant())) {
                listener.ended(IdempotencyKey.of(left.key()), OutboxState.UNCERTAIN, left.attempts());
            }
        }
        while (!context.getSchedulerState().isShuttingDown()) {
            List<OutboxStore.Work> due = store.due(item, clock.instant(), settings.batchSize());
            if (due.isEmpty()) {
                break;
            }
            List<OutboxStore.Work> marked = store.markSending(due, settings.nodeName(), clock.instant());
            if (marked.isEmpty()) {
                break; // changed under us (an operator's hand): the next execution looks again
            }
            List<OutboxStore.Finish> ends = send(marked);
            record(ends);
            for (OutboxStore.Finish end : ends) {
                listener.ended(IdempotencyKey.of(end.key()), end.state(), end.attempt());
            }
        }
        Optional<Instant> next = store.nextDue(item, clock.instant());
        if (next.isPresent()) {
            Instant when = next.get();
            return (complete, ops) -> ops.reschedule(complete, when);
        }
        return SendWork::remove;
    }

    private List<OutboxStore.Finish> send(List<OutboxStore.Work> chunk) {
        List<OutgoingMessage> messages = new ArrayList<>(chunk.size());
        List<OutboxStore.Finish> ends = new ArrayList<>(chunk.size());
        List<OutboxStore.Work> sendable = new ArrayList<>(chunk.size());
        for (OutboxStore.Work w : chunk) {
            try {
                messages.add(OutgoingMessage.of(
                        EnvelopeCodec.decode(w.envelope(), IdempotencyKey.of(w.key())), w.content()));
                sendable.add(w);
            } catch (RuntimeException e) {
                ends.add(new OutboxStore.Finish(
                        w.key(), w.attempts(), OutboxState.FAILED, "unreadable envelope: " + e.getMessage(), null));
            }
        }
        if (messages.isEmpty()) {
            return ends;
        }
        List<SendOutcome> outcomes;
        try {
            outcomes = template.sendAll(messages);
        } catch (RuntimeException e) {
            // sendAll reports each message's end; an exception is a failure of ours before any
            // message's end was known: nothing sent again by itself, the reason kept.
            for (OutboxStore.Work w : sendable) {
                ends.add(new OutboxStore.Finish(
                        w.key(),
                        w.attempts(),
                        OutboxState.UNCERTAIN,
                        e.getClass().getSimpleName() + ": " + e.getMessage(),
                        null));
            }
            return ends;
        }
        for (int i = 0; i < sendable.size(); i++) {
            ends.add(ending(sendable.get(i), outcomes.get(i)));
        }
        return ends;
    }

    /** The core's outcome rule, as a state. */
    private OutboxStore.Finish ending(OutboxStore.Work work, SendOutcome outcome) {
        String key = work.key();
        int attempt = work.attempts();
        if (outcome.isSent()) {
            return new OutboxStore.Finish(
                    key,
                    attempt,
                    OutboxState.SENT,
                    outcome.result().map(r -> r.reply().toString()).orElse(null),
                    null);
        }
        RuntimeException error = outcome.error().orElseThrow();
        String reason = error.getMessage();
        if (outcome.isUncertain()) {
            return new OutboxStore.Finish(key, attempt, OutboxState.UNCERTAIN, reason, null);
        }
        if (!(error instanceof SmtpException smtp) || !smtp.isTransient()) {
            // A permanent reply, or refused by the client before the wire (a message it can never
            // send): not sent again by itself, and the reason kept for the operator.
            String text =
                    error instanceof SmtpException ? reason : error.getClass().getSimpleName() + ": " + reason;
            return new OutboxStore.Finish(key, attempt, OutboxState.FAILED, text, null);
        }
        Instant next = clock.instant().plus(backoff(attempt));
        if (next.isAfter(work.created().plus(settings.maxAge()))) {
            return new OutboxStore.Finish(
                    key, attempt, OutboxState.FAILED, "still refused after " + settings.maxAge() + ": " + reason, null);
        }
        return new OutboxStore.Finish(key, attempt, OutboxState.RETRY, reason, next);
    }

    /**
     * The template's own doubling ({@link RetryPolicy#delayAfter}) from the first wait up to the
     * longest, each wait drawn from its upper half (jitter), so that messages refused together do
     * not come back together.
     */
    Duration backoff(int attempt) {
        long wait = waits.delayAfter(attempt).toMillis();
        long half = wait / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(wait - half + 1));
    }

    /**
     * Writes the chunk's ends, again and again while the database is away (a statement refused, or
     * no connection to begin a transaction on), until the bound.
     */
    private void record(List<OutboxStore.Finish> ends) {
        long deadline = System.nanoTime() + settings.resultWriteTimeout().toNanos();
        long pause = 100;
        while (true) {
            try {
                store.finish(ends, clock.instant());
                return;
            } catch (DataAccessException | TransactionException e) {
                if (System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(2000, pause * 2);
            }
        }
    }

    private static void remove(ExecutionComplete complete, ExecutionOperations<Void> ops) {
        ops.remove();
    }
}
