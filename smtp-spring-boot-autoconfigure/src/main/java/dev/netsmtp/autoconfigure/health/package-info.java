/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/** The {@code smtp} health indicator: pool state and a cached, time-limited probe. */
@NullMarked
package dev.netsmtp.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
