/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.pool;

import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.session.BatchListener;
import dev.netsmtp.session.ForwardingSmtpSession;
import dev.netsmtp.session.SmtpSession;
import java.util.List;

/** A lent session: every call goes to the pooled one until {@link #close()} gives it back. */
final class PooledSession extends ForwardingSmtpSession {

    private final PoolEntry entry;
    private final PooledSmtpSessionFactory pool;
    private boolean returned;

    PooledSession(PoolEntry entry, PooledSmtpSessionFactory pool) {
        this.entry = entry;
        this.pool = pool;
    }

    @Override
    protected SmtpSession delegate() {
        if (returned) {
            throw new IllegalStateException("this session was closed and given back to the pool");
        }
        return entry.session;
    }

    /**
     * Sends no more messages than the session may carry before {@link PoolConfig#maxMessagesPerSession()}
     * retires it: the outcomes are a prefix, and the caller sends the rest on another session.
     */
    @Override
    public List<SendOutcome> sendMessages(List<OutgoingMessage> messages, BatchListener listener) {
        int left = pool.messagesLeft(entry);
        return delegate().sendMessages(messages.size() > left ? messages.subList(0, left) : messages, listener);
    }

    @Override
    public boolean isUsable() {
        return !returned && entry.session.isUsable();
    }

    @Override
    public void close() {
        if (!returned) {
            returned = true;
            pool.release(entry);
        }
    }

    @Override
    public String toString() {
        return "PooledSession[" + entry.session + (returned ? ", returned" : "") + "]";
    }
}
