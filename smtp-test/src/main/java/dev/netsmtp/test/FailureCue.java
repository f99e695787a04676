/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SmtpTestServer} does instead of its normal reply at one {@link Step}: obtained from
 * {@link SmtpTestServer#failAt(Step)}, it takes effect when one of {@link #reply}, {@link
 * #disconnect}, {@link #silence} or {@link #deliverThenDisconnect} is called. By default it
 * applies once, to the next time the step is reached; {@link #times} and {@link #always} change
 * that. {@link SmtpTestServer#reset()} removes every cue.
 *
 * <pre>{@code
 * smtp.failAt(Step.MAIL).reply("451 4.3.0 Try again later");               // the next MAIL
 * smtp.failAt(Step.RCPT, "bob@example.com").always().reply("550 5.1.1 No such user");
 * smtp.failAt(Step.END_OF_DATA).deliverThenDisconnect();                  // the reply is lost
 * smtp.failAt(Step.GREETING).silence();                                   // the client times out
 * }</pre>
 */
public final class FailureCue {

    private static final Pattern REPLY = Pattern.compile("[2-5][0-9][0-9]([ -].*)?");

    /** What the server does. */
    enum Action {
        REPLY,
        REPLY_THEN_DISCONNECT,
        DISCONNECT,
        RESET,
        SILENCE,
        DELIVER_THEN_DISCONNECT,
        CORRUPT_TLS_RECORD,
        TLS_ALERT
    }

    private final SmtpTestServer server;
    private final Step step;
    private final @Nullable String recipient;
    private int times = 1;
    private int skip;
    private boolean storeFirst;

    // Set when the cue is armed.
    private @Nullable Action action;
    private @Nullable String reply;

    FailureCue(SmtpTestServer server, Step step, @Nullable String recipient) {
        this.server = server;
        this.step = step;
        this.recipient = recipient == null ? null : recipient.toLowerCase(Locale.ROOT);
    }

    /**
     * Applies the cue to the next {@code count} times the step is reached, then drops it.
     *
     * @param count how many times, at least 1
     * @return this cue
     * @throws IllegalArgumentException when count is not positive
     */
    public FailureCue times(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + count);
        }
        this.times = count;
        return this;
    }

    /**
     * At {@link Step#END_OF_DATA} only: stores the message before the cue acts, so the message
     * arrived whatever the client then hears or does not hear ({@code storingFirst().reset()}: a
     * delivered message whose reply was lost to a reset).
     *
     * @return this cue
     * @throws IllegalStateException at any other step
     */
    public FailureCue storingFirst() {
        if (step != Step.END_OF_DATA) {
            throw new IllegalStateException("storingFirst() applies to Step.END_OF_DATA, not " + step);
        }
        this.storeFirst = true;
        return this;
    }

    boolean storesFirst() {
        return storeFirst;
    }

    /**
     * Lets the step pass normally {@code count} times before the cue applies: {@code
     * failAt(Step.MAIL).skip(1)} fails the second message's MAIL, as in the middle of a batch.
     *
     * @param count how many times to let pass, at least 0
     * @return this cue
     * @throws IllegalArgumentException when count is negative
     */
    public FailureCue skip(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("skip must not be negative, was " + count);
        }
        this.skip = count;
        return this;
    }

    /**
     * Applies the cue every time the step is reached, until {@link SmtpTestServer#reset()}.
     *
     * @return this cue
     */
    public FailureCue always() {
        this.times = -1;
        return this;
    }

    /**
     * Answers with a reply of the test's choosing, for example {@code "451 4.3.0 Try again later"}
     * or {@code "550 5.1.1 No such user"}; lines separated by {@code \n} make a multi-line reply.
     * A 421 reply closes the connection after it, as RFC 5321 says. At {@link Step#END_OF_DATA}
     * the message is not stored unless the reply is positive.
     *
     * @param reply the reply, starting with a three-digit code 200 to 599
     * @throws IllegalArgumentException when the reply does not start with such a code
     */
    public void reply(String reply) {
        checkReply(reply);
        this.reply = reply;
        arm(Action.REPLY);
    }

    private static void checkReply(String reply) {
        Objects.requireNonNull(reply, "reply");
        for (String line : reply.split("\n", -1)) {
            if (!REPLY.matcher(line).matches() || line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException(
                        "a reply line is a code 200-599 then a space or '-' and text, was: " + line);
            }
        }
    }

    /**
     * Answers with a reply of the test's choosing and then closes the connection, as servers
     * that reject and disconnect do (for example {@code "550 5.7.1 Rejected"} for a sender on a
     * block list).
     *
     * @param reply the reply, starting with a three-digit code 200 to 599
     * @throws IllegalArgumentException when the reply does not start with such a code
     */
    public void replyThenDisconnect(String reply) {
        checkReply(reply);
        this.reply = reply;
        arm(Action.REPLY_THEN_DISCONNECT);
    }

    /**
     * Resets the connection (a TCP RST: the socket is closed with a zero linger time) without a
     * reply: what a crashed server or a middlebox's timeout does.
     */
    public void reset() {
        arm(Action.RESET);
    }

    /**
     * On a TLS connection, writes a TLS application-data record of garbage on the socket under
     * the TLS layer, which the client cannot decrypt (its TLS layer fails with a bad record MAC),
     * then closes the connection. On a clear-text connection, writes the same bytes, which are no
     * SMTP reply.
     */
    public void corruptTlsRecord() {
        arm(Action.CORRUPT_TLS_RECORD);
    }

    /**
     * Writes a fatal TLS alert record (internal_error) on the socket under the TLS layer, as a
     * middlebox that cannot read the session would inject it, then closes the connection.
     */
    public void sendTlsAlert() {
        arm(Action.TLS_ALERT);
    }

    /**
     * Closes the connection without a reply. At {@link Step#END_OF_DATA} the message is read
     * whole and not stored: the client cannot tell whether it was delivered.
     */
    public void disconnect() {
        arm(Action.DISCONNECT);
    }

    /**
     * Stops answering and reading, and holds the connection open until the client gives up (or
     * the server stops): what a hung server does. The client's timeouts decide what happens next.
     */
    public void silence() {
        arm(Action.SILENCE);
    }

    /**
     * At {@link Step#END_OF_DATA} only: stores the message, then closes the connection before the
     * reply, so the message arrived but the client never hears so (an uncertain outcome).
     *
     * @throws IllegalStateException at any other step
     */
    public void deliverThenDisconnect() {
        if (step != Step.END_OF_DATA) {
            throw new IllegalStateException("deliverThenDisconnect() applies to Step.END_OF_DATA, not " + step);
        }
        arm(Action.DELIVER_THEN_DISCONNECT);
    }

    private void arm(Action chosen) {
        if (action != null) {
            throw new IllegalStateException("this cue is already armed; call failAt again for another");
        }
        this.action = chosen;
        server.addCue(this);
    }

    /** Whether the cue applies here; takes one use of it when it does. Called under the server's lock. */
    boolean take(Step reached, @Nullable String address) {
        if (reached != step || times == 0) {
            return false;
        }
        if (recipient != null && (address == null || !recipient.equals(address.toLowerCase(Locale.ROOT)))) {
            return false;
        }
        if (skip > 0) {
            skip--;
            return false;
        }
        if (times > 0) {
            times--;
        }
        return true;
    }

    boolean waitsAt(Step reached) {
        return reached == step && times != 0;
    }

    boolean spent() {
        return times == 0;
    }

    Action action() {
        return Objects.requireNonNull(action);
    }

    String replyText() {
        return Objects.requireNonNull(reply);
    }

    @Override
    public String toString() {
        return "FailureCue[" + step + (recipient == null ? "" : " " + recipient) + ", " + action
                + (reply == null ? "" : " " + reply) + ", times " + (times < 0 ? "always" : times) + "]";
    }
}
