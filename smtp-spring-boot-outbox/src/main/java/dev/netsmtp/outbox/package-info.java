/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * A transactional outbox for mail on db-scheduler: {@link dev.netsmtp.outbox.SmtpOutbox} to enqueue
 * in the application's transaction and to resolve what is parked, {@link dev.netsmtp.outbox.OutboxWorkers}
 * to send from every instance, {@link dev.netsmtp.outbox.OutboxSchema} for the tables.
 */
@NullMarked
package dev.netsmtp.outbox;

import org.jspecify.annotations.NullMarked;
