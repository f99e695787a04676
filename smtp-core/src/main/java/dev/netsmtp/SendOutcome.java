/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What became of one message of a batch: its result, or the error that stopped it. Every message
 * of a template's batch gets one, whatever happens to the others.
 *
 * @param message the message
 * @param result the result when sent
 * @param error the error when not sent (or uncertain): an {@link SmtpException} for anything the
 *     server or the connection did, or another unchecked exception (a closed pool, a failing
 *     message source)
 */
public record SendOutcome(OutgoingMessage message, Optional<SendResult> result, Optional<RuntimeException> error) {

    /**
     * Makes an outcome from a result or an error, one of which is present.
     *
     * @param message the message
     * @param result its result when sent, or null
     * @param error the error that stopped it, or null
     * @return the outcome
     */
    public static SendOutcome of(
            OutgoingMessage message, @Nullable SendResult result, @Nullable RuntimeException error) {
        return new SendOutcome(message, Optional.ofNullable(result), Optional.ofNullable(error));
    }

    /**
     * Tells whether the message was accepted.
     *
     * @return true when sent
     */
    public boolean isSent() {
        return result.isPresent();
    }

    /**
     * Tells whether the message may have been delivered although no reply says so
     * ({@link SmtpDeliveryUncertainException}): do not resend it blindly.
     *
     * @return true when the outcome is uncertain
     */
    public boolean isUncertain() {
        return error.filter(SmtpDeliveryUncertainException.class::isInstance).isPresent();
    }

    /**
     * Returns the error as an {@link SmtpException}, when it is one.
     *
     * @return the SMTP error, or empty when sent or stopped by something else
     */
    public Optional<SmtpException> smtpError() {
        return error.filter(SmtpException.class::isInstance).map(SmtpException.class::cast);
    }
}
