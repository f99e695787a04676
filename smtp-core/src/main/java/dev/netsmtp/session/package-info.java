/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Sessions: {@link dev.netsmtp.session.Smtp} starts them from an immutable
 * {@link dev.netsmtp.session.SmtpConfig}, as Ruby's {@code Net::SMTP.start} does, and
 * {@link dev.netsmtp.session.SmtpSession} sends messages over one connection.
 */
@NullMarked
package dev.netsmtp.session;

import org.jspecify.annotations.NullMarked;
