package dev.netsmtp.pool;

import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpPoolExhaustedException;
import dev.netsmtp.session.HostList;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.session.SmtpSessionFactory;
import java.util.NoSuchElementException;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.EvictionConfig;
import org.apache.commons.pool2.impl.EvictionPolicy;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

/**
 * Lends warm sessions from a pool (Apache Commons Pool 2 inside), so a message costs its own
 * commands and not a TCP and TLS handshake, a greeting and EHLO.
 *
 * <p>A lent session's {@code close()} gives it back: with RSET first when a transaction was left
 * open, or closed instead (with QUIT when possible) when it saw an I/O error, a timeout or a 421,
 * reached {@link PoolConfig#maxMessagesPerSession()} or {@link PoolConfig#maxLifetime()}. A session
 * idle longer than {@link PoolConfig#idleValidationAfter()} is checked with NOOP before it is lent
 * again; the evictor closes sessions idle longer than {@link PoolConfig#idleTimeout()}.
 * {@link #close()} QUITs every idle session and waits up to {@link PoolConfig#closeTimeout()} for
 * lent ones. Thread-safe. Logs to {@code System.Logger} {@code dev.netsmtp.pool}.
 *
 * <pre>{@code
 * try (PooledSmtpSessionFactory factory = new PooledSmtpSessionFactory(config, PoolConfig.defaults())) {
 *     try (SmtpSession session = factory.getSession()) {
 *         session.sendMessage(message, from, to);
 *     }
 * }
 * }</pre>
 */
public final class PooledSmtpSessionFactory implements SmtpSessionFactory {

    private static final System.Logger LOG = System.getLogger("dev.netsmtp.pool");

    private final HostList hosts;
    private final PoolConfig config;
    private final SessionObjectFactory objects;
    private final GenericObjectPool<PoolEntry> pool;
    private volatile boolean closed;

    /**
     * Creates a pool for one server.
     *
     * @param session the server and session settings
     * @param pool the pool settings
     */
    public PooledSmtpSessionFactory(SmtpConfig session, PoolConfig pool) {
        this(HostList.of(session), pool);
    }

    /**
     * Creates a pool with failover across several servers.
     *
     * @param hosts the servers, tried in order when a session is opened
     * @param config the pool settings
     */
    public PooledSmtpSessionFactory(HostList hosts, PoolConfig config) {
        this.hosts = hosts;
        this.config = config;
        this.objects = new SessionObjectFactory(hosts, config);
        GenericObjectPoolConfig<PoolEntry> c = new GenericObjectPoolConfig<>();
        c.setMaxTotal(config.maxTotal());
        c.setMaxIdle(config.maxIdle());
        c.setMinIdle(config.minIdle());
        c.setMaxWait(config.maxWait());
        c.setBlockWhenExhausted(true);
        c.setLifo(true); // the most recently used session is the one least likely to be dropped
        c.setTestOnBorrow(true);
        c.setTestWhileIdle(false); // a NOOP per idle session per run would only keep them from ageing
        c.setTimeBetweenEvictionRuns(config.evictionInterval());
        c.setNumTestsPerEvictionRun(-1);
        c.setEvictionPolicy(new IdlePolicy());
        c.setJmxEnabled(false);
        this.pool = new GenericObjectPool<>(objects, c);
    }

    @Override
    public SmtpSession getSession() {
        if (closed) {
            throw new IllegalStateException("the SMTP session pool is closed");
        }
        PoolEntry entry;
        try {
            entry = pool.borrowObject(config.maxWait());
        } catch (SmtpException e) {
            throw e;
        } catch (NoSuchElementException e) {
            if (String.valueOf(e.getMessage()).startsWith("Timeout")) {
                throw new SmtpPoolExhaustedException("no SMTP session became free within " + config.maxWait()
                        + ": all " + config.maxTotal() + " sessions of the pool (maxTotal) are in use and "
                        + pool.getNumWaiters() + " other threads are waiting; raise maxTotal or maxWait");
            }
            throw new SmtpConnectionException("could not open a usable SMTP session: " + e.getMessage(), null, null, e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the SMTP session pool is closed", e);
        } catch (Exception e) {
            throw new SmtpConnectionException("could not open an SMTP session: " + e, null, null, e);
        }
        return new PooledSession(entry, this);
    }

    /** Gives a session back, or closes it when it must not be reused. */
    void release(PoolEntry entry) {
        SmtpSession s = entry.session;
        boolean keep = !closed && s.isUsable();
        if (keep && s.inTransaction()) {
            try {
                s.rset();
            } catch (SmtpException | IllegalStateException e) {
                keep = false;
            }
        }
        if (keep) {
            try {
                s.clearTimeLimit();
            } catch (SmtpException e) {
                keep = false;
            }
        }
        keep &= s.isUsable() && s.messageCount() < config.maxMessagesPerSession() && !objects.tooOld(entry);
        entry.lastUsed = config.clock().instant();
        try {
            if (keep) {
                pool.returnObject(entry);
            } else {
                pool.invalidateObject(entry);
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "could not give a session back to the pool", e);
            s.close();
        }
    }

    /**
     * Returns the pool's state now.
     *
     * @return a snapshot
     */
    public PoolStats stats() {
        return new PoolStats(
                pool.getNumActive(),
                pool.getNumIdle(),
                pool.getNumWaiters(),
                pool.getCreatedCount(),
                pool.getDestroyedCount(),
                pool.getBorrowedCount(),
                config.maxTotal());
    }

    /**
     * Returns the pool settings.
     *
     * @return the configuration
     */
    public PoolConfig poolConfig() {
        return config;
    }

    /** Runs one eviction pass now, as the evictor would; for tests with an injected clock. */
    void evictNow() throws Exception {
        pool.evict();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.close(); // destroys idle sessions: QUIT, then close
        long deadline = System.nanoTime() + config.closeTimeout().toNanos();
        while (pool.getNumActive() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (pool.getNumActive() > 0) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    pool.getNumActive() + " SMTP sessions were still lent out after " + config.closeTimeout()
                            + "; each is closed when it is given back");
        }
    }

    @Override
    public String toString() {
        return "PooledSmtpSessionFactory[" + hosts + ", " + stats() + "]";
    }

    /** Evicts by the pool's own clock: broken, idle past the timeout, or past the lifetime. */
    private final class IdlePolicy implements EvictionPolicy<PoolEntry> {
        @Override
        public boolean evict(EvictionConfig evictionConfig, PooledObject<PoolEntry> underTest, int idleCount) {
            PoolEntry entry = underTest.getObject();
            return !entry.session.isUsable()
                    || objects.idle(entry).compareTo(config.idleTimeout()) >= 0
                    || objects.tooOld(entry);
        }
    }
}
