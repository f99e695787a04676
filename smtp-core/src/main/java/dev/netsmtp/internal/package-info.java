/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The wire, not API: the reply reader, the connection that batches commands into one flush, and
 * the DATA encoder. Types here may change in any release.
 */
@NullMarked
package dev.netsmtp.internal;

import org.jspecify.annotations.NullMarked;
