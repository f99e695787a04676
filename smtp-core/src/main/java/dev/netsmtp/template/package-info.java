/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What services use: {@link dev.netsmtp.template.SmtpTemplate}, an {@link
 * dev.netsmtp.template.SmtpOperations} over any {@link dev.netsmtp.session.SmtpSessionFactory},
 * with retries of transient failures, a deadline per send, batches and async sends. Knows the
 * factory interface, never the pool.
 */
@NullMarked
package dev.netsmtp.template;

import org.jspecify.annotations.NullMarked;
