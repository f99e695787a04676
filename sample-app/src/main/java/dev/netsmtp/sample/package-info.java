/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/** The sample application: a page and a JSON API that send mail through an injected SmtpTemplate. */
@NullMarked
package dev.netsmtp.sample;

import org.jspecify.annotations.NullMarked;
