/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Delivery status notifications (RFC 3464, with RFC 6533 for internationalised addresses): a
 * bounded parser of {@code multipart/report; report-type=delivery-status} messages into
 * {@link dev.netsmtp.dsn.DeliveryReport}s, and the correlation of a report with the
 * {@link dev.netsmtp.IdempotencyKey} of the message it is about.
 */
@NullMarked
package dev.netsmtp.dsn;

import org.jspecify.annotations.NullMarked;
