/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The end of the message data was sent but its reply never came (the connection broke or the
 * read timed out), so the server may or may not have taken the message.
 *
 * <p>Never transient: sending again could deliver the message twice (RFC 5321 section 6.1 makes
 * the server responsible once it has replied; RFC 1047 describes the duplicate problem). The
 * caller decides, knowing the envelope, whether to resend. {@link #uncertain()} names the
 * recipients in doubt; over LMTP, where each recipient gets its own final reply (RFC 2033), those
 * whose delivery was confirmed before the connection went are in {@link #delivered()} and those
 * refused in {@link #refused()}, so only the uncertain ones need a decision.
 */
public class SmtpDeliveryUncertainException extends SmtpException {

    private static final long serialVersionUID = 1L;

    private final transient @Nullable Envelope envelope;
    private final transient List<RecipientResult> delivered;
    private final transient List<RecipientResult> refused;
    private final List<String> uncertain;

    /**
     * Creates the exception for a message none of whose recipients has a final reply.
     *
     * @param message what happened
     * @param envelope the envelope of the message in doubt, or null when not known
     * @param cause the I/O error or timeout
     */
    public SmtpDeliveryUncertainException(String message, @Nullable Envelope envelope, @Nullable Throwable cause) {
        this(message, envelope, List.of(), List.of(), recipients(envelope), cause);
    }

    /**
     * Creates the exception, saying for each recipient what is known.
     *
     * @param message what happened
     * @param envelope the envelope of the message in doubt, or null when not known
     * @param delivered recipients whose delivery the server confirmed (LMTP)
     * @param refused recipients the server refused, at RCPT or in their final reply
     * @param uncertain recipients whose final reply was lost
     * @param cause the I/O error or timeout
     */
    public SmtpDeliveryUncertainException(
            String message,
            @Nullable Envelope envelope,
            List<RecipientResult> delivered,
            List<RecipientResult> refused,
            List<String> uncertain,
            @Nullable Throwable cause) {
        super(message + (envelope == null ? "" : " " + envelope), ".", null, false, cause);
        this.envelope = envelope;
        this.delivered = List.copyOf(delivered);
        this.refused = List.copyOf(refused);
        this.uncertain = List.copyOf(uncertain);
    }

    private static List<String> recipients(@Nullable Envelope envelope) {
        if (envelope == null) {
            return List.of();
        }
        List<String> all = new ArrayList<>(envelope.recipients().size());
        for (Envelope.Recipient r : envelope.recipients()) {
            all.add(r.address());
        }
        return all;
    }

    /**
     * Returns the envelope of the message whose delivery is in doubt.
     *
     * @return the envelope, or empty when the message was sent through the step-by-step API
     */
    public Optional<Envelope> envelope() {
        return Optional.ofNullable(envelope);
    }

    /**
     * Returns the recipients whose delivery is in doubt: every recipient the server had accepted,
     * or over LMTP those whose own final reply was lost.
     *
     * @return the addresses, in envelope order; empty when the envelope is not known
     */
    public List<String> uncertain() {
        return uncertain;
    }

    /**
     * Returns the recipients the server confirmed before the connection went: over LMTP, each
     * with its own final reply. Always empty over SMTP, where one reply covers every recipient.
     *
     * @return the delivered recipients with their replies
     */
    public List<RecipientResult> delivered() {
        return delivered == null ? List.of() : delivered;
    }

    /**
     * Returns the recipients the server refused, at RCPT or (LMTP) in their own final reply.
     *
     * @return the refused recipients with their replies
     */
    public List<RecipientResult> refused() {
        return refused == null ? List.of() : refused;
    }
}
