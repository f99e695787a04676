/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Envelope;
import dev.netsmtp.RecipientResult;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one rule that turns a failed send into the message's outcome. Every send shape (DATA, BDAT
 * whole, BDAT in chunks, the message stream, the pipelined batch, LMTP) asks it, from state and
 * not from which {@code catch} ran:
 *
 * <ol>
 *   <li>a refusal already read for the message (MAIL refused, a recipient refused under
 *       all-or-nothing) decides it, whatever failed after it; that failure is suppressed on it;
 *   <li>a failure that is itself the server's reply (a 4xx or 5xx, 421 included) decides it;
 *   <li>otherwise the failure is the connection's (I/O, TLS record or alert, timeout, malformed
 *       reply): when the message's end of data can have reached the server
 *       ({@link Exchange#endMayHaveGoneOut()}), the message is uncertain and never resent
 *       blindly; before that, nothing can have been accepted and the failure stands (transient,
 *       so it may be retried and fail over).
 * </ol>
 *
 * A positive final reply read after a failed write is not a failure at all: the exchange lets the
 * read that follows a failed write take it ({@link Exchange#read}), so it becomes the result.
 */
final class Outcomes {

    /** The one wording of an uncertain outcome. */
    static final String UNCERTAIN = "the end of the message data was sent but no reply to it came, so the server "
            + "may have accepted the message; it is not resent automatically";

    private Outcomes() {}

    /**
     * Judges a failure of the message in flight.
     *
     * @param ex the session's exchange, which knows the message's phase
     * @param failure what failed
     * @param refusal a refusal read earlier for this message, or null
     * @param envelope the message's envelope as the caller gave it
     * @param delivered recipients already confirmed (LMTP)
     * @param refused recipients already refused
     * @param pending recipients whose outcome the lost reply would have given
     * @return the outcome's error, to throw
     */
    static SmtpException judge(
            Exchange ex,
            SmtpException failure,
            @Nullable SmtpException refusal,
            @Nullable Envelope envelope,
            List<RecipientResult> delivered,
            List<RecipientResult> refused,
            List<String> pending) {
        if (refusal != null) {
            if (refusal != failure) {
                refusal.addSuppressed(failure);
            }
            return refusal;
        }
        if (failure.reply().isPresent() || failure instanceof SmtpDeliveryUncertainException) {
            return failure;
        }
        if (ex.endMayHaveGoneOut()) {
            return new SmtpDeliveryUncertainException(UNCERTAIN, envelope, delivered, refused, pending, failure);
        }
        return failure;
    }

    /** {@link #judge} for a message none of whose recipients has a final reply yet. */
    static SmtpException judge(
            Exchange ex, SmtpException failure, @Nullable SmtpException refusal, @Nullable Envelope envelope) {
        return judge(ex, failure, refusal, envelope, List.of(), List.of(), recipients(envelope));
    }

    static List<String> recipients(@Nullable Envelope envelope) {
        return envelope == null
                ? List.of()
                : envelope.recipients().stream()
                        .map(Envelope.Recipient::address)
                        .toList();
    }
}
