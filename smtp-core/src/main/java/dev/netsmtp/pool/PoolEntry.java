package dev.netsmtp.pool;

import dev.netsmtp.session.SmtpSession;
import java.time.Instant;

/** A pooled session with what the pool's own clock knows of it. */
final class PoolEntry {

    final SmtpSession session;
    final Instant created;
    volatile Instant lastUsed;

    PoolEntry(SmtpSession session, Instant created) {
        this.session = session;
        this.created = created;
        this.lastUsed = created;
    }
}
