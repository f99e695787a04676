/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;
import dev.netsmtp.session.BatchListener;
import dev.netsmtp.session.SmtpSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A batch for {@link SmtpTemplate#sendAll(List)}: the messages handed to pooled sessions in order
 * ({@link SmtpSession#sendMessages(List, BatchListener)}), the outcomes kept by index, the
 * template's listeners told of each start, failed attempt and outcome. What a session left
 * untried goes to the next one as its first attempt.
 *
 * <p>Each message's deadline is the template's: {@code sendTimeout} from when its clock starts,
 * handed to the session through {@link #timeLimit(int)}. The clock of the first message on a
 * session starts before the session is borrowed (borrowing and opening it are that message's
 * time); the clock of each message behind it starts when the message ahead of it ended, so
 * waiting behind another message is never charged to it. A transient failure is judged once the
 * session is given back, so that a retry's pause never holds up a pipeline; the message keeps
 * the time it had left when it failed, not the time other messages took in between, and is
 * retried under that.
 */
final class BatchSend implements BatchListener {

    private final SmtpTemplate template;
    private final List<OutgoingMessage> given;
    private final List<OutgoingMessage> sent;
    private final @Nullable SendOutcome[] outcomes;
    /** Each message's deadline as a {@link System#nanoTime()}; meaningful once {@link #clock} is set. */
    private final long[] deadlines;

    private final boolean[] clock;
    /** Each message's send, begun when it is first tried; its observation a child of {@link #parent}. */
    private final @Nullable Sending[] sendings;
    /** What was current on the calling thread: the parent of every message's observation. */
    private final @Nullable Object parent;
    /** The message whose observation is in scope: the one the session is writing, or about to. */
    private @Nullable Sending inScope;
    /** The session of the current pass, for the server of each message that starts on it. */
    private @Nullable SmtpSession session;
    /** For a message whose first attempt failed transiently: what was left of its time then. */
    private final long[] leftWhenFailed;

    private final List<Integer> transientFailures = new ArrayList<>();
    /** Messages the session started and has not finished: the ones a session's own exception hits. */
    private final List<Integer> inProgress = new ArrayList<>();

    private int offset;

    BatchSend(SmtpTemplate template, List<OutgoingMessage> given) {
        this.template = template;
        this.given = given;
        this.sent = new ArrayList<>(given.size());
        for (OutgoingMessage m : given) {
            Objects.requireNonNull(m, "a message of the batch");
            Envelope effective = template.effective(m.envelope());
            byte[] content = template.signed(m.content());
            sent.add(effective == m.envelope() && content == m.content() ? m : OutgoingMessage.of(effective, content));
        }
        this.outcomes = new SendOutcome[given.size()];
        this.deadlines = new long[given.size()];
        this.clock = new boolean[given.size()];
        this.sendings = new Sending[given.size()];
        this.parent = template.observer().current();
        this.leftWhenFailed = new long[given.size()];
    }

    List<SendOutcome> run() {
        try {
            return runAll();
        } finally {
            leaveScope();
        }
    }

    private List<SendOutcome> runAll() {
        int next = 0;
        while (next < sent.size()) {
            announce(next);
            startClock(next);
            long left = deadlines[next] - System.nanoTime();
            inProgress.clear();
            try {
                if (left <= 0) {
                    throw template.sendTimeoutPassed();
                }
                offset = next;
                try (SmtpSession borrowed = template.factory().getSession(Duration.ofNanos(left))) {
                    session = borrowed;
                    sending(next).borrowed(borrowed);
                    borrowed.sendMessages(sent.subList(next, sent.size()), this);
                } finally {
                    session = null;
                }
            } catch (RuntimeException e) {
                // Borrowing, connecting or the session itself failed: the attempt of every message
                // it had started and not finished, or of the first one when none was started.
                if (inProgress.isEmpty() && outcomes[next] == null) {
                    inProgress.add(next);
                }
                for (int i : inProgress) {
                    if (outcomes[i] == null) {
                        failed(i, e);
                    }
                }
            }
            if (outcomes[next] == null) {
                // A session that tried nothing (a custom one, say): never leave a message without its outcome.
                failed(next, new IllegalStateException("the session sent none of the batch"));
            }
            while (next < sent.size() && outcomes[next] != null) {
                next++;
            }
            for (int i : transientFailures) {
                outcomes[i] = retried(i);
            }
            transientFailures.clear();
        }
        List<SendOutcome> out = new ArrayList<>(outcomes.length);
        for (SendOutcome o : outcomes) {
            out.add(Objects.requireNonNull(o, "every message of the batch has its outcome"));
        }
        return out;
    }

    /** Begins message {@code i}'s send if it has not begun, and puts its observation in scope. */
    private void announce(int i) {
        Sending s = sendings[i];
        if (s == null) {
            s = Sending.begin(template, sent.get(i).envelope(), parent);
            sendings[i] = s;
        }
        if (inScope != s) {
            leaveScope();
            s.enter();
            inScope = s;
        }
    }

    private Sending sending(int i) {
        return Objects.requireNonNull(sendings[i], "a message's send begins before it is tried");
    }

    private void leaveScope() {
        Sending s = inScope;
        if (s != null) {
            inScope = null;
            s.leave();
        }
    }

    private void startClock(int i) {
        if (!clock[i]) {
            clock[i] = true;
            deadlines[i] = System.nanoTime() + template.sendTimeout().toNanos();
        }
    }

    @Override
    public void starting(int index) {
        int i = offset + index;
        announce(i);
        SmtpSession current = session;
        if (current != null) {
            sending(i).borrowed(current);
        }
        inProgress.add(i);
    }

    @Override
    public Optional<Duration> timeLimit(int index) {
        int i = offset + index;
        startClock(i);
        return Optional.of(Duration.ofNanos(Math.max(1, deadlines[i] - System.nanoTime())));
    }

    @Override
    public void finished(int index, SendOutcome outcome) {
        int i = offset + index;
        inProgress.remove(Integer.valueOf(i));
        RuntimeException error = outcome.error().orElse(null);
        if (error == null) {
            SendResult result = outcome.result().orElseThrow();
            sending(i).sent(result, 1);
            outcomes[i] = SendOutcome.of(given.get(i), result, null);
        } else {
            failed(i, error);
        }
    }

    /** The first attempt failed: final now unless it may be retried, which is judged later. */
    private void failed(int i, RuntimeException error) {
        outcomes[i] = SendOutcome.of(given.get(i), null, error);
        if (error instanceof SmtpException smtp && smtp.isTransient()) {
            startClock(i);
            leftWhenFailed[i] = deadlines[i] - System.nanoTime();
            transientFailures.add(i);
            return;
        }
        Sending s = sending(i);
        s.attemptFailed(1, error, false);
        s.failed(error, 1); // leaves its scope before it stops, if it is in scope
    }

    /** A message whose first attempt failed transiently: retried when that is safe and in time. */
    private SendOutcome retried(int i) {
        OutgoingMessage m = sent.get(i);
        SendOutcome first = Objects.requireNonNull(outcomes[i]);
        SmtpException error = (SmtpException) first.error().orElseThrow();
        // What other messages took since it failed is not its time.
        deadlines[i] = System.nanoTime() + leftWhenFailed[i];
        boolean retry = template.attempts().mayRetry(error, 1, true, deadlines[i]);
        Sending s = sending(i);
        announce(i);
        try {
            s.attemptFailed(1, error, retry);
            if (!retry) {
                s.failed(error, 1);
                return first;
            }
            try {
                template.attempts().pauseBeforeRetry(m.envelope(), 1, error);
            } catch (RuntimeException e) {
                s.failed(e, 1);
                return SendOutcome.of(given.get(i), null, e);
            }
            try {
                return SendOutcome.of(
                        given.get(i),
                        template.attempts().run(s, Content.bytes(m.envelope(), m.content()), deadlines[i], 2),
                        null);
            } catch (RuntimeException e) {
                return SendOutcome.of(given.get(i), null, e);
            }
        } finally {
            leaveScope();
        }
    }
}
