package dev.netsmtp.session;

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

    /** Releases what the factory holds (idle pooled connections get QUIT). Never throws. */
    @Override
    void close();
}
