/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.throttle;

import dev.netsmtp.EnhancedStatusCode;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import java.time.Duration;
import java.util.Optional;

/**
 * An adaptive send rate for the servers behind one template (its session factory: one host, or
 * the failover group): sends start at {@code initialRate} messages a second; each signal of load
 * from the server (a 421; a 454, as Amazon SES sends it; any other 4xx with an RFC 3463 code 4.7.x,
 * 4.3.2 or 4.4.5, Microsoft 365's {@code 432 4.3.2} among them; a connection refused or reset
 * before the greeting) multiplies
 * the rate by {@code decrease} (at most once per quarter second, so the refusals of messages
 * already in flight count once); each message sent adds {@code increasePerSecond / rate}, so the
 * rate climbs by about {@code increasePerSecond} each second of success. Every attempt, retries
 * too, waits for its slot; a message whose slot would come after its deadline fails at once with
 * a transient {@link dev.netsmtp.SmtpThrottledException}, no thread waits past it. Immutable.
 *
 * <p>The same policy carries the server's connection limits: how many connections it takes at once
 * and how many messages on each. A pool keeps within them when its configuration is built
 * {@link dev.netsmtp.pool.PoolConfig.Builder#within within} the policy (Spring Boot does so for
 * {@code smtp.throttle.*}); 0 means the server sets no such limit.
 *
 * @param initialRate messages a second to start with
 * @param minRate the floor
 * @param maxRate the ceiling
 * @param decrease the factor a load signal multiplies the rate by, between 0 and 1
 * @param increasePerSecond how much the rate climbs each second of success
 * @param maxConnections connections the server takes at once; 0 for no limit
 * @param maxMessagesPerConnection messages the server takes on one connection; 0 for no limit
 */
public record ThrottlePolicy(
        double initialRate,
        double minRate,
        double maxRate,
        double decrease,
        double increasePerSecond,
        int maxConnections,
        int maxMessagesPerConnection) {

    /** The quiet time after a decrease during which further signals do not decrease again. */
    static final Duration DECREASE_WINDOW = Duration.ofMillis(250);

    /**
     * Checks the values.
     *
     * @param initialRate the start
     * @param minRate the floor
     * @param maxRate the ceiling
     * @param decrease the factor
     * @param increasePerSecond the climb
     * @param maxConnections 0 or more
     * @param maxMessagesPerConnection 0 or more
     */
    public ThrottlePolicy {
        if (maxConnections < 0 || maxMessagesPerConnection < 0) {
            throw new IllegalArgumentException("a throttle's connection limits must be 0 (none) or more, was "
                    + maxConnections + " connections, " + maxMessagesPerConnection + " messages per connection");
        }
        if (!(minRate > 0) || !(maxRate >= minRate) || !(initialRate >= minRate) || !(initialRate <= maxRate)) {
            throw new IllegalArgumentException("a throttle needs 0 < minRate <= initialRate <= maxRate, was " + minRate
                    + ", " + initialRate + ", " + maxRate);
        }
        if (!(decrease > 0 && decrease < 1)) {
            throw new IllegalArgumentException("the throttle's decrease must be between 0 and 1, was " + decrease);
        }
        if (!(increasePerSecond > 0)) {
            throw new IllegalArgumentException("the throttle's increase must be positive, was " + increasePerSecond);
        }
    }

    /**
     * A policy without connection limits.
     *
     * @param initialRate messages a second to start with
     * @param minRate the floor
     * @param maxRate the ceiling
     * @param decrease the factor a load signal multiplies the rate by, between 0 and 1
     * @param increasePerSecond how much the rate climbs each second of success
     */
    public ThrottlePolicy(
            double initialRate, double minRate, double maxRate, double decrease, double increasePerSecond) {
        this(initialRate, minRate, maxRate, decrease, increasePerSecond, 0, 0);
    }

    /**
     * Returns this policy with the server's connection limits.
     *
     * @param connections connections the server takes at once; 0 for no limit
     * @param messagesPerConnection messages the server takes on one connection; 0 for no limit
     * @return the policy
     */
    public ThrottlePolicy withConnectionLimits(int connections, int messagesPerConnection) {
        return new ThrottlePolicy(
                initialRate, minRate, maxRate, decrease, increasePerSecond, connections, messagesPerConnection);
    }

    /**
     * An adaptive rate starting at {@code initialRate}, between a tenth of a message a second and
     * {@code maxRate}: multiplied by 0.7 on load, climbing by 5 % of the start each second.
     *
     * @param initialRate messages a second to start with
     * @param maxRate the ceiling
     * @return the policy
     */
    public static ThrottlePolicy adaptive(double initialRate, double maxRate) {
        return new ThrottlePolicy(
                initialRate, Math.min(0.1, initialRate), maxRate, 0.7, Math.max(0.05, initialRate * 0.05));
    }

    /**
     * Microsoft 365's SMTP AUTH submission: 30 messages a minute per mailbox, and at most three
     * connections at once (answered {@code 432 4.3.2} past them); no limit of messages per
     * connection is published. Source: Microsoft Learn, "Message storage and concurrent connection
     * throttling for SMTP Authenticated Submission" (read 2026-12-07).
     *
     * @return the policy: 0.5 a second at most, 3 connections
     */
    public static ThrottlePolicy microsoft365() {
        return new ThrottlePolicy(0.5, 0.05, 0.5, 0.7, 0.05, 3, 0);
    }

    /**
     * Google Workspace's SMTP relay ({@code smtp-relay.gmail.com}): at most 319,444 recipients per
     * organization in a 10-minute window, that is 532 a second (a message counts once per
     * recipient: a policy counts messages, so keep recipients per message in mind); Google
     * publishes no connection limits, and answers {@code 421 4.7.0} to a sender going too fast,
     * which the adaptive rate reads. Starts at 50 a second. Per-user daily limits (10,000 messages
     * a day) are quotas, not rates, and are not enforced here. Source: Google Workspace Admin Help,
     * "Route outgoing SMTP relay messages through Google" (support.google.com/a/answer/2956491,
     * read 2026-12-07).
     *
     * @return the policy: 532 a second at most
     */
    public static ThrottlePolicy googleWorkspaceRelay() {
        return adaptive(50, 532);
    }

    /**
     * Amazon SES in the sandbox: one message a second. Source: Amazon SES developer guide,
     * "Service quotas in Amazon SES" (read 2026-12-07).
     *
     * @return the policy: 1 a second at most
     */
    public static ThrottlePolicy amazonSesSandbox() {
        return new ThrottlePolicy(1, 0.1, 1, 0.7, 0.1);
    }

    /**
     * Amazon SES out of the sandbox: the account's own maximum send rate, which SES gives per
     * account and Region (its console, or {@code GetSendQuota}'s {@code MaxSendRate}) rather than
     * publishing one; it answers {@code 454 Throttling failure} past it.
     *
     * @param maxSendRate the account's maximum send rate, messages a second
     * @return the policy, starting at and never above that rate
     */
    public static ThrottlePolicy amazonSes(double maxSendRate) {
        return new ThrottlePolicy(
                maxSendRate, Math.min(0.1, maxSendRate), maxSendRate, 0.7, Math.max(0.05, maxSendRate * 0.05));
    }

    /**
     * Tells whether a failure is the server signalling load.
     *
     * @param e the failure of an attempt
     * @return true for a throttling signal
     */
    public static boolean isLoadSignal(SmtpException e) {
        Optional<SmtpReply> reply = e.reply();
        if (reply.isEmpty()) {
            // Refused or reset before any reply: the server is shedding connections.
            return e instanceof SmtpConnectionException && e.command().isEmpty();
        }
        int code = reply.get().code();
        if (code == 421 || code == 454) {
            return true;
        }
        if (code / 100 != 4) {
            return false;
        }
        // Any other 4xx whose RFC 3463 code says policy (4.7.x), a system full or busy (4.3.2,
        // Microsoft 365's 432 for too many connections), or congestion (4.4.5).
        Optional<EnhancedStatusCode> esc = reply.get().enhancedStatusCode();
        return esc.isPresent()
                && esc.get().codeClass() == 4
                && (esc.get().subject() == 7
                        || (esc.get().subject() == 3 && esc.get().detail() == 2)
                        || (esc.get().subject() == 4 && esc.get().detail() == 5));
    }
}
