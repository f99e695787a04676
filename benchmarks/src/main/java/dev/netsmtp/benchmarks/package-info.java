/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Benchmarks and the chaos soak: whole-run throughput of netsmtp against the other Java SMTP
 * clients and Postfix's {@code smtp-source} ({@link dev.netsmtp.benchmarks.Benchmark}), a latency
 * proxy ({@link dev.netsmtp.benchmarks.LatencyProxy}), the 1 GiB streaming check
 * ({@link dev.netsmtp.benchmarks.MemoryBenchmark}) and the fault soak
 * ({@link dev.netsmtp.benchmarks.ChaosSoak}). {@code benchmarks/run.sh} runs them.
 */
package dev.netsmtp.benchmarks;
