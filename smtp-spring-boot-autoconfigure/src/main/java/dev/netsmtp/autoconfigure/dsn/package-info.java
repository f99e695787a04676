/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/** Delivery reports (RFC 3464) as Spring application events: {@link dev.netsmtp.autoconfigure.dsn.SmtpDeliveryReports}. */
@NullMarked
package dev.netsmtp.autoconfigure.dsn;

import org.jspecify.annotations.NullMarked;
