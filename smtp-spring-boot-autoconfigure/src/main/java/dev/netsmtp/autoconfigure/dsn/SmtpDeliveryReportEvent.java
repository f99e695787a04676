/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.dsn;

import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.dsn.DeliveryReport;
import java.util.Optional;
import org.springframework.context.ApplicationEvent;

/**
 * A delivery report (RFC 3464) arrived and was read: published by {@link SmtpDeliveryReports#publish}
 * from wherever the application's bounces arrive (an inbound webhook, an IMAP poller, an LMTP
 * drop); an {@code @EventListener} matches it to the send by its {@link #key()}.
 */
public class SmtpDeliveryReportEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient DeliveryReport report;

    /**
     * Creates the event.
     *
     * @param source what published it
     * @param report the report
     */
    public SmtpDeliveryReportEvent(Object source, DeliveryReport report) {
        super(source);
        this.report = report;
    }

    /**
     * Returns the report.
     *
     * @return the report
     */
    public DeliveryReport report() {
        return report;
    }

    /**
     * Returns the idempotency key of the message the report is about.
     *
     * @return the key, or empty when the message was not sent with one
     */
    public Optional<IdempotencyKey> key() {
        return report.key();
    }
}
