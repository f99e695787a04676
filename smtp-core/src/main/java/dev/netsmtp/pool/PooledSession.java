package dev.netsmtp.pool;

import dev.netsmtp.session.ForwardingSmtpSession;
import dev.netsmtp.session.SmtpSession;

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
