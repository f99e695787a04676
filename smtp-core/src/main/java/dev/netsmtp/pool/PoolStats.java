/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.pool;

/**
 * A snapshot of a pool's state.
 *
 * @param active sessions lent out now
 * @param idle sessions waiting in the pool now
 * @param waiting threads waiting for a session now
 * @param created sessions opened since the pool started
 * @param destroyed sessions closed since the pool started
 * @param borrowed loans since the pool started
 * @param maxTotal the pool's size limit
 * @param longestLoan how long the session lent out the longest has been out; zero when none is
 */
public record PoolStats(
        int active,
        int idle,
        int waiting,
        long created,
        long destroyed,
        long borrowed,
        int maxTotal,
        java.time.Duration longestLoan) {}
