/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome of one message: which recipients the server accepted and refused, each with its
 * reply, and the final reply to the message data.
 *
 * <p>A refused recipient appears here only under {@link RecipientPolicy#PARTIAL}; under the
 * default policy a refusal is an {@link SmtpRecipientsRefusedException} and no message is sent.
 *
 * @param accepted the recipients the server accepted, in envelope order
 * @param rejected the recipients the server refused, in envelope order
 * @param reply the server's reply to the end of the message data
 * @param key the message's idempotency key, when it had one
 */
public record SendResult(
        List<RecipientResult> accepted, List<RecipientResult> rejected, SmtpReply reply, Optional<IdempotencyKey> key) {

    private static final Pattern[] QUEUE_ID = {
        // Postfix: "2.0.0 Ok: queued as 4Xd2Sj0fK9z1"
        Pattern.compile("queued as ([^\\s;,]+)", Pattern.CASE_INSENSITIVE),
        // Exim: "OK id=1rXyZ-000Abc-7Q"
        Pattern.compile("\\bid=([^\\s;,]+)", Pattern.CASE_INSENSITIVE),
        // Sendmail: "2.0.0 4BS9x2aB012345 Message accepted for delivery"
        Pattern.compile("^(?:\\d\\.\\d{1,3}\\.\\d{1,3}\\s+)?([A-Za-z0-9]+) Message accepted", Pattern.CASE_INSENSITIVE),
        // Gmail: "2.0.0 OK  1732800000 a1b2c3d4e5f6-12345v6.7 - gsmtp"
        Pattern.compile("OK\\s+\\d+\\s+(\\S+) - gsmtp"),
        // Amazon SES: "Ok 0100018c1b2c3d4e-..."
        Pattern.compile("^Ok ([0-9a-f]{16}-[0-9a-f-]+)$"),
    };

    /**
     * Copies the lists.
     *
     * @param accepted the accepted recipients
     * @param rejected the refused recipients
     * @param reply the final reply
     * @param key the idempotency key
     */
    public SendResult {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        java.util.Objects.requireNonNull(key, "key");
    }

    /**
     * A result without a key.
     *
     * @param accepted the accepted recipients
     * @param rejected the refused recipients
     * @param reply the final reply
     */
    public SendResult(List<RecipientResult> accepted, List<RecipientResult> rejected, SmtpReply reply) {
        this(accepted, rejected, reply, Optional.empty());
    }

    /**
     * Returns this result with the message's key.
     *
     * @param key the key, or empty
     * @return this result when it has that key, else a copy
     */
    public SendResult withKey(Optional<IdempotencyKey> key) {
        return key.equals(this.key) || key.isEmpty() ? this : new SendResult(accepted, rejected, reply, key);
    }

    /**
     * Returns the queue id the server gave the message, read from the final reply where it names
     * one in a form used by Postfix, Exim, Sendmail, Gmail or Amazon SES.
     *
     * @return the queue id, or empty
     */
    public Optional<String> queueId() {
        for (String line : reply.lines()) {
            for (Pattern p : QUEUE_ID) {
                Matcher m = p.matcher(line.trim());
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the accepted recipients' addresses.
     *
     * @return the addresses in envelope order
     */
    public List<String> acceptedRecipients() {
        return accepted.stream().map(RecipientResult::recipient).toList();
    }

    /**
     * Returns the refused recipients' addresses.
     *
     * @return the addresses in envelope order
     */
    public List<String> rejectedRecipients() {
        return rejected.stream().map(RecipientResult::recipient).toList();
    }
}
