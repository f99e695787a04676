/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The root of every error netsmtp raises. Unchecked, as Spring's data access exceptions.
 *
 * <p>Each carries the command that failed (AUTH payloads redacted), the server's reply when there
 * was one, and whether {@linkplain #isTransient() trying again can help}. {@link #forReply} maps a
 * negative reply to its subclass, as Ruby's Net::SMTP does:
 *
 * <table>
 * <caption>reply classes</caption>
 * <tr><th>reply</th><th>exception</th><th>transient</th></tr>
 * <tr><td>4xx</td><td>{@link SmtpServerBusyException}</td><td>yes</td></tr>
 * <tr><td>500-509</td><td>{@link SmtpSyntaxException}</td><td>no</td></tr>
 * <tr><td>530-539</td><td>{@link SmtpAuthenticationException}</td><td>no</td></tr>
 * <tr><td>other 5xx</td><td>{@link SmtpFatalException}</td><td>no</td></tr>
 * <tr><td>anything unexpected</td><td>{@link SmtpUnknownReplyException}</td><td>no</td></tr>
 * </table>
 */
public class SmtpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String command;
    private final @Nullable SmtpReply reply;
    private final boolean transientFailure;
    private volatile @Nullable IdempotencyKey key;

    /**
     * Creates an exception.
     *
     * @param message what went wrong
     * @param command the command that failed, already redacted, or null
     * @param reply the server's reply, or null
     * @param transientFailure whether trying again may help
     * @param cause the underlying error, or null
     */
    protected SmtpException(
            String message,
            @Nullable String command,
            @Nullable SmtpReply reply,
            boolean transientFailure,
            @Nullable Throwable cause) {
        super(describe(message, command, reply), cause);
        this.command = command;
        this.reply = reply;
        this.transientFailure = transientFailure;
    }

    /**
     * Maps a negative or unexpected reply to the exception of its class.
     *
     * @param command the command the reply answers, already redacted
     * @param reply the reply
     * @return the matching exception, not thrown
     */
    public static SmtpException forReply(String command, SmtpReply reply) {
        int code = reply.code();
        if (code / 100 == 4) {
            return new SmtpServerBusyException(
                    code == 421 ? "server is closing the connection" : "server refused for now", command, reply);
        }
        if (code >= 500 && code <= 509) {
            return new SmtpSyntaxException("server reports a syntax error or unknown command", command, reply);
        }
        if (code >= 530 && code <= 539) {
            return new SmtpAuthenticationException("authentication failed or is required", command, reply);
        }
        if (code / 100 == 5) {
            return new SmtpFatalException("server refused permanently", command, reply);
        }
        return new SmtpUnknownReplyException("unexpected reply", command, reply);
    }

    /**
     * Returns the command that failed, with AUTH payloads redacted.
     *
     * @return the command without its line end, or empty when the failure was not tied to one
     */
    public Optional<String> command() {
        return Optional.ofNullable(command);
    }

    /**
     * Returns the server's reply that caused this error, with every line.
     *
     * @return the reply, or empty when the failure had none (I/O, timeout, local checks)
     */
    public Optional<SmtpReply> reply() {
        return Optional.ofNullable(reply);
    }

    /**
     * Returns the reply code, or 0 when there was no reply.
     *
     * @return the code
     */
    public int replyCode() {
        return reply == null ? 0 : reply.code();
    }

    /**
     * Returns the RFC 3463 enhanced status code of the reply, when it had one.
     *
     * @return the enhanced status code, or empty
     */
    public Optional<EnhancedStatusCode> enhancedStatusCode() {
        return reply == null ? Optional.empty() : reply.enhancedStatusCode();
    }

    /**
     * Returns the idempotency key of the message whose send this error ended.
     *
     * @return the key, or empty when the error belongs to no message (a connection, a login) or the
     *     message had none
     */
    public Optional<IdempotencyKey> key() {
        return Optional.ofNullable(key);
    }

    /**
     * Names the message this error ended, once: netsmtp calls it where a message's send ends (a
     * later call does not change the key). For code that ends sends of its own.
     *
     * @param messageKey the message's key, or empty
     * @return this exception
     */
    public SmtpException keyed(Optional<IdempotencyKey> messageKey) {
        if (key == null && messageKey.isPresent()) {
            key = messageKey.get();
        }
        return this;
    }

    /**
     * Tells whether trying again, later or on a new connection, may succeed (4xx replies, I/O
     * errors and timeouts before the message was handed over).
     *
     * @return true when a retry may help
     */
    public boolean isTransient() {
        return transientFailure;
    }

    /** The class and message, and the message's key when the error ended a send. */
    @Override
    public String toString() {
        IdempotencyKey k = key;
        return k == null ? super.toString() : super.toString() + " [key: " + k + "]";
    }

    private static String describe(String message, @Nullable String command, @Nullable SmtpReply reply) {
        StringBuilder sb = new StringBuilder(message);
        if (command != null) {
            sb.append(" [command: ").append(command).append(']');
        }
        if (reply != null) {
            // The server's text is escaped: a CR, LF or terminal escape in a reply must not forge
            // lines in the application's log.
            sb.append(" [reply: ");
            List<String> lines = reply.lines();
            for (int i = 0; i < lines.size(); i++) {
                sb.append(i == 0 ? "" : " | ")
                        .append(reply.code())
                        .append(i == lines.size() - 1 ? ' ' : '-')
                        .append(SmtpSyntax.printable(lines.get(i)));
            }
            sb.append(']');
        }
        return sb.toString();
    }
}
