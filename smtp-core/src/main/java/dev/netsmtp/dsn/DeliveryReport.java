/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dsn;

import dev.netsmtp.IdempotencyKey;
import java.util.List;
import java.util.Optional;

/**
 * One delivery status notification (RFC 3464), as {@link DeliveryReports#read} found it: what it
 * says of the message (its envelope id, the reporting MTA) and of each recipient, and the
 * Message-ID of the message it reports on. Immutable.
 *
 * @param envelopeId the {@code Original-Envelope-Id}: the ENVID the message was sent with
 * @param reportingMta the {@code Reporting-MTA}
 * @param arrivalDate the {@code Arrival-Date}, as written
 * @param originalMessageId the Message-ID of the returned message or headers
 * @param recipients what the report says of each recipient, in order; at least one
 */
public record DeliveryReport(
        Optional<String> envelopeId,
        Optional<String> reportingMta,
        Optional<String> arrivalDate,
        Optional<String> originalMessageId,
        List<RecipientStatus> recipients) {

    /**
     * Copies the list.
     *
     * @param envelopeId the envelope id
     * @param reportingMta the reporting MTA
     * @param arrivalDate the arrival date
     * @param originalMessageId the original Message-ID
     * @param recipients the recipients
     */
    public DeliveryReport {
        recipients = List.copyOf(recipients);
    }

    /**
     * Returns the idempotency key of the message this report is about: from its envelope id, else
     * from a Message-ID netsmtp made.
     *
     * @return the key, or empty when the message was not sent with one
     */
    public Optional<IdempotencyKey> key() {
        return DeliveryReports.keyOf(this);
    }
}
