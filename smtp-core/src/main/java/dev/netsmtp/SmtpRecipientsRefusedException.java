/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.util.List;

/**
 * The server refused recipients and, by the {@link RecipientPolicy}, nothing was sent: under
 * {@code ALL_OR_NOTHING} any refusal, under {@code PARTIAL} the refusal of every recipient.
 *
 * <p>Lists every refused recipient with its reply, not only the first. Transient when every
 * refusal was a 4xx reply (greylisting, a full mailbox for now).
 */
public class SmtpRecipientsRefusedException extends SmtpException {

    private static final long serialVersionUID = 1L;

    private final transient List<RecipientResult> refused;
    private final transient List<RecipientResult> accepted;

    /**
     * Creates the exception.
     *
     * @param refused the refused recipients with their replies, at least one
     * @param accepted the recipients the server had accepted before the transaction was reset
     */
    public SmtpRecipientsRefusedException(List<RecipientResult> refused, List<RecipientResult> accepted) {
        super(
                describe(refused, accepted),
                "RCPT TO:<" + refused.get(0).recipient() + ">",
                refused.get(0).reply(),
                refused.stream().allMatch(r -> r.reply().isTransientNegative()),
                null);
        this.refused = List.copyOf(refused);
        this.accepted = List.copyOf(accepted);
    }

    /**
     * Returns every refused recipient with its reply.
     *
     * @return at least one refusal, in envelope order
     */
    public List<RecipientResult> refused() {
        return refused;
    }

    /**
     * Returns the recipients the server had accepted; no message was sent to them.
     *
     * @return the accepted recipients, in envelope order
     */
    public List<RecipientResult> accepted() {
        return accepted;
    }

    private static String describe(List<RecipientResult> refused, List<RecipientResult> accepted) {
        StringBuilder sb = new StringBuilder("server refused ")
                .append(refused.size())
                .append(refused.size() == 1 ? " recipient" : " recipients")
                .append(accepted.isEmpty() ? "" : " (" + accepted.size() + " accepted)")
                .append("; message not sent:");
        for (RecipientResult r : refused) {
            sb.append(' ').append(r).append(';');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }
}
