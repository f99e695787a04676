/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Throttling that reads the server: {@link dev.netsmtp.throttle.ThrottlePolicy}, an adaptive
 * send rate that backs off multiplicatively when a server signals load and recovers additively.
 */
@NullMarked
package dev.netsmtp.throttle;

import org.jspecify.annotations.NullMarked;
