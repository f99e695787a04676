/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/** Micrometer metrics for sends and the pool; no addresses or other personal data in tags. */
@NullMarked
package dev.netsmtp.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
