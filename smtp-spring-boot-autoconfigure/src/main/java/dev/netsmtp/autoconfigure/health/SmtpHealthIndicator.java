/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
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
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the SMTP server as up or down, cheaply and within a bound: the probe (a NOOP over a
 * pooled session, so no new connection or AUTH while a warm one is idle) runs at most once per
 * cache period, whatever it found, and only one runs at a time; callers that arrive meanwhile get
 * the last result. The probe as a whole (waiting for a session, opening one, the NOOP) is bounded
 * by the probe timeout. When every session is lent out the probe is skipped and the pool judged
 * instead: up while the longest loan is shorter than the send timeout, down once it is longer
 * (sends are stuck, not busy). Pool state is in the details.
 */
public class SmtpHealthIndicator extends AbstractHealthIndicator {

    private final SmtpSessionFactory factory;
    private final Duration cacheFor;
    private final Duration probeTimeout;
    private final Duration sendTimeout;
    private final Clock clock;
    private final ReentrantLock probing = new ReentrantLock();
    private volatile @Nullable Probe last;

    /**
     * Creates the indicator.
     *
     * @param factory the session factory
     * @param cacheFor how long a probe's result, up or down, is reused
     * @param probeTimeout the bound on one whole probe
     * @param sendTimeout the send timeout: a session lent out longer than this is stuck
     * @param clock the clock, for the cache
     */
    public SmtpHealthIndicator(
            SmtpSessionFactory factory, Duration cacheFor, Duration probeTimeout, Duration sendTimeout, Clock clock) {
        super("SMTP health check failed");
        this.factory = factory;
        this.cacheFor = cacheFor;
        this.probeTimeout = probeTimeout;
        this.sendTimeout = sendTimeout;
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
                judgeBusyPool(builder, stats);
                return;
            }
            if (probing.tryLock()) {
                try {
                    probe = probe(now);
                    last = probe;
                } finally {
                    probing.unlock();
                }
            } else if (probe == null) {
                builder.unknown().withDetail("probe", "the first probe is still running");
                return;
            }
        }
        builder.withDetail("checkedAt", probe.at.toString());
        if (probe.reply != null) {
            builder.up().withDetail("reply", probe.reply.toString());
        } else {
            builder.down().withDetail("error", String.valueOf(probe.error));
        }
    }

    private void judgeBusyPool(Health.Builder builder, PoolStats stats) {
        builder.withDetail("pool.longestLoan", stats.longestLoan().toString());
        if (stats.longestLoan().compareTo(sendTimeout) < 0) {
            builder.up().withDetail("probe", "skipped: every session is busy sending");
        } else {
            builder.down()
                    .withDetail(
                            "error",
                            "every session is lent out and one has been out for " + stats.longestLoan()
                                    + ", longer than the send timeout of " + sendTimeout + ": sends are stuck");
        }
    }

    private Probe probe(Instant now) {
        try (SmtpSession session = factory.getSession(probeTimeout)) {
            return new Probe(now, session.noop(), null);
        } catch (SmtpException | IllegalStateException e) {
            return new Probe(now, null, e.getMessage());
        }
    }

    private record Probe(Instant at, @Nullable SmtpReply reply, @Nullable String error) {}
}
