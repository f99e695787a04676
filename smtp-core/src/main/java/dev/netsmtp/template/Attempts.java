/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpInterruptedException;
import dev.netsmtp.SmtpPoolExhaustedException;
import dev.netsmtp.session.SmtpSession;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A template's attempts at one message: each on a session borrowed again, under the message's
 * deadline, retried by the {@link RetryPolicy} only while the failure is transient, the content
 * can be sent again and the deadline allows. Shared by single sends and batches' retries.
 */
final class Attempts {

    private static final System.Logger LOG = System.getLogger("dev.netsmtp.template");

    private final SmtpTemplate template;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final RateLimiter rateLimiter;
    private final dev.netsmtp.throttle.@Nullable AdaptiveRate throttle;
    private final dev.netsmtp.throttle.@Nullable SendBudget budget;

    Attempts(
            SmtpTemplate template,
            RetryPolicy retryPolicy,
            Sleeper sleeper,
            RateLimiter rateLimiter,
            dev.netsmtp.throttle.@Nullable AdaptiveRate throttle,
            dev.netsmtp.throttle.@Nullable SendBudget budget) {
        this.template = template;
        this.retryPolicy = retryPolicy;
        this.sleeper = sleeper;
        this.rateLimiter = rateLimiter;
        this.throttle = throttle;
        this.budget = budget;
    }

    /** One send from the shared budget, or a throttled failure when none comes before the deadline. */
    private void takeFromBudget(long deadline) {
        if (budget == null) {
            return;
        }
        boolean taken;
        try {
            taken = budget.acquire(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.netsmtp.SmtpInterruptedException("interrupted while waiting for the send budget", e);
        }
        if (!taken) {
            throw new dev.netsmtp.SmtpThrottledException(
                    "no send from the shared budget (" + budget + ") before the message's deadline; nothing was sent");
        }
    }

    /** The attempts from {@code first} on, under the send's deadline; the send hears each failed one and its end. */
    SendResult run(Sending sending, Content content, long deadline, int first) {
        int attempt = first;
        try {
            for (; ; attempt++) {
                try {
                    if (attempt > 1) {
                        rateLimiter.acquire(); // a retry is a send to the server like any other
                    }
                    if (throttle != null) {
                        throttle.acquire(deadline); // every attempt, retries too, waits for its slot
                    }
                    takeFromBudget(deadline);
                    SendResult result = once(sending, content, deadline);
                    if (throttle != null) {
                        throttle.succeeded();
                    }
                    sending.sent(result, attempt);
                    return result;
                } catch (SmtpException e) {
                    if (throttle != null && dev.netsmtp.throttle.ThrottlePolicy.isLoadSignal(e)) {
                        throttle.throttled();
                        sending.throttled(throttle.rate());
                    }
                    boolean retry = mayRetry(e, attempt, content.replayable(), deadline);
                    sending.attemptFailed(attempt, e, retry);
                    if (!retry) {
                        throw e;
                    }
                    pauseBeforeRetry(sending.envelope(), attempt, e);
                }
            }
        } catch (RuntimeException e) {
            sending.failed(e, attempt);
            throw e;
        }
    }

    /** Tells whether a failed attempt may be followed by another: transient, replayable, within the deadline. */
    boolean mayRetry(RuntimeException e, int attempt, boolean replayable, long deadline) {
        return e instanceof SmtpException smtp
                && smtp.isTransient()
                && !(e instanceof dev.netsmtp.SmtpThrottledException)
                && !(e instanceof SmtpPoolExhaustedException)
                && attempt < retryPolicy.maxAttempts()
                && replayable
                && System.nanoTime() + retryPolicy.delayAfter(attempt).toNanos() < deadline;
    }

    /** The pause of the retry policy after {@code attempt}; an interrupt stops the send instead. */
    void pauseBeforeRetry(Envelope envelope, int attempt, SmtpException e) {
        Duration delay = retryPolicy.delayAfter(attempt);
        if (Thread.currentThread().isInterrupted()) {
            SmtpInterruptedException stop =
                    new SmtpInterruptedException("interrupted; not retrying the send of " + envelope, null);
            stop.addSuppressed(e);
            throw stop;
        }
        LOG.log(
                System.Logger.Level.INFO,
                "send of " + envelope + " failed (attempt " + attempt + " of " + retryPolicy.maxAttempts()
                        + "), retrying in " + delay + ": " + e.getMessage());
        pause(delay, e);
    }

    private SendResult once(Sending sending, Content content, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw template.sendTimeoutPassed();
        }
        try (SmtpSession session = template.factory().getSession(Duration.ofNanos(left))) {
            sending.borrowed(session);
            return content.sendOn(session);
        }
    }

    private void pause(Duration delay, SmtpException cause) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            SmtpInterruptedException stop =
                    new SmtpInterruptedException("interrupted while waiting to retry; not retrying", ie);
            stop.addSuppressed(cause);
            throw stop;
        }
    }
}
