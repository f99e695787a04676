package dev.netsmtp.autoconfigure.health;

import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.pool.PoolStats;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.session.SmtpSessionFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the SMTP server as up or down, cheaply: the probe (a NOOP over a pooled session, so no
 * new connection or AUTH while a warm one is idle) runs at most once per cache period, and is
 * skipped while the pool is saturated, since then sends are evidently going through. Pool state
 * is in the details.
 */
public class SmtpHealthIndicator extends AbstractHealthIndicator {

    private final SmtpSessionFactory factory;
    private final Duration cacheFor;
    private final Duration probeTimeout;
    private final Clock clock;
    private volatile @Nullable Probe last;

    /**
     * Creates the indicator.
     *
     * @param factory the session factory
     * @param cacheFor how long a probe's result is reused
     * @param probeTimeout the bound on one probe's reads
     * @param clock the clock, for the cache
     */
    public SmtpHealthIndicator(SmtpSessionFactory factory, Duration cacheFor, Duration probeTimeout, Clock clock) {
        super("SMTP health check failed");
        this.factory = factory;
        this.cacheFor = cacheFor;
        this.probeTimeout = probeTimeout;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        PoolStats stats = factory instanceof PooledSmtpSessionFactory pooled ? pooled.stats() : null;
        if (stats != null) {
            builder.withDetail("pool.active", stats.active())
                    .withDetail("pool.idle", stats.idle())
                    .withDetail("pool.waiting", stats.waiting())
                    .withDetail("pool.maxTotal", stats.maxTotal());
        }
        Probe probe = last;
        Instant now = clock.instant();
        if (probe == null || Duration.between(probe.at, now).compareTo(cacheFor) >= 0) {
            if (stats != null && stats.idle() == 0 && stats.active() >= stats.maxTotal()) {
                builder.up().withDetail("probe", "skipped: every session is busy sending");
                return;
            }
            probe = probe(now);
            last = probe;
        }
        builder.withDetail("checkedAt", probe.at.toString());
        if (probe.reply != null) {
            builder.up().withDetail("reply", probe.reply.toString());
        } else {
            builder.down().withDetail("error", String.valueOf(probe.error));
        }
    }

    private Probe probe(Instant now) {
        try (SmtpSession session = factory.getSession()) {
            session.timeLimit(probeTimeout);
            return new Probe(now, session.noop(), null);
        } catch (SmtpException | IllegalStateException e) {
            return new Probe(now, null, e.getMessage());
        }
    }

    private record Probe(Instant at, @Nullable SmtpReply reply, @Nullable String error) {}
}
