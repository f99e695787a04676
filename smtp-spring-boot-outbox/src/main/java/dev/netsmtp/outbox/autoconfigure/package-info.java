/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/** Spring Boot's wiring of the outbox: {@code smtp.outbox.*}, workers, health, endpoint, meters. */
@NullMarked
package dev.netsmtp.outbox.autoconfigure;

import org.jspecify.annotations.NullMarked;
