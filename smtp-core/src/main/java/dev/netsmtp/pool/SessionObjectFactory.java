package dev.netsmtp.pool;

import dev.netsmtp.SmtpException;
import dev.netsmtp.session.HostList;
import java.time.Duration;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;

/** Opens, checks and closes pooled sessions for Commons Pool. */
final class SessionObjectFactory extends BasePooledObjectFactory<PoolEntry> {

    private final HostList hosts;
    private final PoolConfig config;

    SessionObjectFactory(HostList hosts, PoolConfig config) {
        this.hosts = hosts;
        this.config = config;
    }

    @Override
    public PoolEntry create() {
        return new PoolEntry(hosts.open(), config.clock().instant());
    }

    @Override
    public PooledObject<PoolEntry> wrap(PoolEntry entry) {
        return new DefaultPooledObject<>(entry);
    }

    /** Usable, young enough, and, after a long idle, alive by NOOP: a dead session must not reach a send. */
    @Override
    public boolean validateObject(PooledObject<PoolEntry> p) {
        PoolEntry entry = p.getObject();
        if (!entry.session.isUsable() || tooOld(entry)) {
            return false;
        }
        if (idle(entry).compareTo(config.idleValidationAfter()) >= 0) {
            try {
                entry.session.noop();
            } catch (SmtpException | IllegalStateException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void destroyObject(PooledObject<PoolEntry> p) {
        p.getObject().session.close();
    }

    boolean tooOld(PoolEntry entry) {
        return Duration.between(entry.created, config.clock().instant()).compareTo(config.maxLifetime()) >= 0;
    }

    Duration idle(PoolEntry entry) {
        return Duration.between(entry.lastUsed, config.clock().instant());
    }
}
