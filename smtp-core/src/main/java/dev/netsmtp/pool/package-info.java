/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The connection pool: {@link dev.netsmtp.pool.PooledSmtpSessionFactory} lends warm, validated
 * sessions, configured by {@link dev.netsmtp.pool.PoolConfig} and observed through
 * {@link dev.netsmtp.pool.PoolStats}. Apache Commons Pool 2 does the pooling inside; none of its
 * types appear in this API.
 */
@NullMarked
package dev.netsmtp.pool;

import org.jspecify.annotations.NullMarked;
