/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import java.time.Duration;

/**
 * When {@link SmtpTemplate} tries a send again: only after a transient failure (a 4xx reply, a
 * refused or broken connection, a timeout) that left the message undelivered, on a session
 * borrowed again, with exponential backoff bounded by {@link #maxDelay()} and by the template's
 * send timeout. A 5xx refusal is never retried, nor a message whose end of data was sent but whose
 * reply was lost ({@link dev.netsmtp.SmtpDeliveryUncertainException}), nor a stream already
 * partly read, nor a one-shot {@link dev.netsmtp.MessageWriter} that ran.
 *
 * <p>Defaults: 3 attempts, 200 ms first delay, times 2 each time, at most 5 s. Immutable.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialDelay the wait before the second attempt
 * @param multiplier how much each wait grows, at least 1
 * @param maxDelay the longest wait
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {

    /**
     * Checks the values.
     *
     * @param maxAttempts at least 1
     * @param initialDelay not negative
     * @param multiplier at least 1
     * @param maxDelay not shorter than the initial delay
     */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "delays must satisfy 0 <= initialDelay <= maxDelay, were " + initialDelay + " and " + maxDelay);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
    }

    /**
     * Returns the default policy.
     *
     * @return 3 attempts, 200 ms, times 2, at most 5 s
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5));
    }

    /**
     * Returns a policy that never retries.
     *
     * @return one attempt
     */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);
    }

    /**
     * Returns the wait after a failed attempt.
     *
     * @param failedAttempt the attempt that failed, from 1
     * @return the wait before the next
     */
    public Duration delayAfter(int failedAttempt) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, failedAttempt - 1);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }
}
