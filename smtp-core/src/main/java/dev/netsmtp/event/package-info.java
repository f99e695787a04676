/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What a session tells the outside about itself: {@link dev.netsmtp.event.SmtpListener} with
 * no-op defaults, and {@link dev.netsmtp.event.Transcript}, a Net::SMTP-style debug output with
 * AUTH payloads redacted.
 */
@NullMarked
package dev.netsmtp.event;

import org.jspecify.annotations.NullMarked;
