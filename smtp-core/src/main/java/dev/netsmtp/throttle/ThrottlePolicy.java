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
 * from the server (a 421; a 450, 451, 452 or 454 with an RFC 3463 code 4.7.x, 4.3.2 or 4.4.5; a
 * 454 alone, as Amazon SES sends it; a connection refused or reset before the greeting) multiplies
 * the rate by {@code decrease} (at most once per quarter second, so the refusals of messages
 * already in flight count once); each message sent adds {@code increasePerSecond / rate}, so the
 * rate climbs by about {@code increasePerSecond} each second of success. Every attempt, retries
 * too, waits for its slot; a message whose slot would come after its deadline fails at once with
 * a transient {@link dev.netsmtp.SmtpThrottledException}, no thread waits past it. Immutable.
 *
 * @param initialRate messages a second to start with
 * @param minRate the floor
 * @param maxRate the ceiling
 * @param decrease the factor a load signal multiplies the rate by, between 0 and 1
 * @param increasePerSecond how much the rate climbs each second of success
 */
public record ThrottlePolicy(
        double initialRate, double minRate, double maxRate, double decrease, double increasePerSecond) {

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
     */
    public ThrottlePolicy {
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
        if (code != 450 && code != 451 && code != 452) {
            return false;
        }
        Optional<EnhancedStatusCode> esc = reply.get().enhancedStatusCode();
        return esc.isPresent()
                && esc.get().codeClass() == 4
                && (esc.get().subject() == 7
                        || (esc.get().subject() == 3 && esc.get().detail() == 2)
                        || (esc.get().subject() == 4 && esc.get().detail() == 5));
    }
}
