/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/** DKIM signing configured by {@code smtp.dkim.*}. */
@NullMarked
package dev.netsmtp.autoconfigure.dkim;

import org.jspecify.annotations.NullMarked;
