/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dsn;

/**
 * What {@link DeliveryReports#read} made of a message: a delivery report, or not one, with the
 * reason. Never a guess: a bounce in another form (old qmail text, Exchange's prose) is not a DSN.
 */
public sealed interface ReportReading permits ReportReading.Report, ReportReading.NotADsn {

    /**
     * A delivery status notification.
     *
     * @param report the report
     */
    record Report(DeliveryReport report) implements ReportReading {}

    /**
     * Not a delivery status notification, or one too broken to read.
     *
     * @param reason why, naming what is missing or wrong (escaped for logs)
     */
    record NotADsn(String reason) implements ReportReading {}
}
