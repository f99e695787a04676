/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.pool;

import dev.netsmtp.session.SmtpSession;
import java.util.concurrent.atomic.AtomicBoolean;

/** A pooled session with what the pool's own clock knows of it. */
final class PoolEntry {

    final SmtpSession session;
    /** Times on the pool's clock, in its milliseconds: read on every borrow and return, so no objects. */
    final long created;

    volatile long lastUsed;
    volatile long lentAt;

    /** True while a borrower holds the session. */
    volatile boolean lent;

    /** True once the session came back to the pool: only then can it have gone stale while idle. */
    volatile boolean returned;

    /** Set when the session may not be lent again: it is being dropped. */
    volatile boolean retired;

    private final AtomicBoolean closing = new AtomicBoolean();

    PoolEntry(SmtpSession session, long created) {
        this.session = session;
        this.created = created;
        this.lastUsed = created;
        this.lentAt = created;
    }

    /** True the first time only: one thread closes the session. */
    boolean startClosing() {
        return closing.compareAndSet(false, true);
    }
}
