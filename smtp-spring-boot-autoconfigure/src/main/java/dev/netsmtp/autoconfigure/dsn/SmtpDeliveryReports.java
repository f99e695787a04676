/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.dsn;

import dev.netsmtp.dsn.DeliveryReports;
import dev.netsmtp.dsn.ReportReading;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Reads bounces as delivery reports ({@link DeliveryReports}) and publishes each report as an
 * {@link SmtpDeliveryReportEvent}; what is not a DSN is returned with the reason and not
 * published. Auto-configured; thread-safe.
 *
 * <pre>{@code
 * @PostMapping(path = "/bounces", consumes = "message/rfc822")
 * ResponseEntity<String> bounce(@RequestBody byte[] raw) {
 *     return reports.publish(raw) instanceof ReportReading.NotADsn no
 *             ? ResponseEntity.status(422).body(no.reason())
 *             : ResponseEntity.accepted().build();
 * }
 * }</pre>
 */
public class SmtpDeliveryReports {

    private final ApplicationEventPublisher publisher;

    /**
     * Creates the bean.
     *
     * @param publisher where the events go
     */
    public SmtpDeliveryReports(ApplicationEventPublisher publisher) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    /**
     * Reads a message as a delivery report, without publishing it.
     *
     * @param message the whole message
     * @return the report, or why it is not one
     */
    public ReportReading read(byte[] message) {
        return DeliveryReports.read(message);
    }

    /**
     * Reads a message and, when it is a delivery report, publishes it.
     *
     * @param message the whole message
     * @return what was read
     */
    public ReportReading publish(byte[] message) {
        return published(DeliveryReports.read(message));
    }

    /**
     * Reads a message from a stream (at most {@link DeliveryReports#MAX_SIZE} bytes) and, when it is
     * a delivery report, publishes it.
     *
     * @param message the message
     * @return what was read
     * @throws IOException when the stream cannot be read
     */
    public ReportReading publish(InputStream message) throws IOException {
        return published(DeliveryReports.read(message));
    }

    private ReportReading published(ReportReading reading) {
        if (reading instanceof ReportReading.Report report) {
            publisher.publishEvent(new SmtpDeliveryReportEvent(this, report.report()));
        }
        return reading;
    }
}
