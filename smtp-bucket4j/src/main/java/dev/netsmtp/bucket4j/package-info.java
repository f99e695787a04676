/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/** A send budget shared between instances over Bucket4j: {@link dev.netsmtp.bucket4j.Bucket4jSendBudget}. */
@NullMarked
package dev.netsmtp.bucket4j;

import org.jspecify.annotations.NullMarked;
