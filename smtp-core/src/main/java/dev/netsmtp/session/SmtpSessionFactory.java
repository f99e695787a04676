/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import java.time.Duration;

/**
 * Hands out started sessions: {@link SimpleSmtpSessionFactory} opens a new connection each time;
 * {@code dev.netsmtp.pool.PooledSmtpSessionFactory} lends warm ones from a pool. Closing a session
 * from a factory gives it back (or, for the simple factory, sends QUIT). Implementations are
 * thread-safe; each session is for one thread at a time.
 */
public interface SmtpSessionFactory extends AutoCloseable {

    /**
     * Returns a started, usable session.
     *
     * @return the session; close it when done
     * @throws dev.netsmtp.SmtpException when no server can be reached or the pool is exhausted
     */
    SmtpSession getSession();

    /**
     * Returns a started, usable session, getting it within a time limit: waiting for a pooled
     * session, opening a new one (DNS, connect, greeting, EHLO, TLS, AUTH, every server of a
     * failover list) and checking an idle one all run under it. The session comes with the same
     * limit {@linkplain SmtpSession#timeLimit(Duration) applied}, counted from the same start, so
     * one bound covers getting the session and using it.
     *
     * <p>The default implementation, for factories of your own, bounds only the use:
     * it calls {@link #getSession()} and then applies what is left of the limit.
     *
     * @param timeLimit positive
     * @return the session; close it when done
     * @throws dev.netsmtp.SmtpTimeoutException when the limit passes first
     * @throws dev.netsmtp.SmtpException when no server can be reached or the pool is exhausted
     */
    default SmtpSession getSession(Duration timeLimit) {
        long deadline = System.nanoTime() + timeLimit.toNanos();
        SmtpSession session = getSession();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            session.close();
            throw new dev.netsmtp.SmtpTimeoutException(
                    "the time limit of " + timeLimit + " passed while getting a session", null, null, null, true);
        }
        session.timeLimit(Duration.ofNanos(left));
        return session;
    }

    /** Releases what the factory holds (idle pooled connections get QUIT). Never throws. */
    @Override
    void close();
}
