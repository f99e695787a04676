package dev.netsmtp.autoconfigure.metrics;

import dev.netsmtp.pool.PooledSmtpSessionFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Gauges {@code smtp.pool.active}, {@code smtp.pool.idle} and {@code smtp.pool.waiting}. */
public class SmtpPoolMetrics implements MeterBinder {

    private final PooledSmtpSessionFactory pool;

    /**
     * Creates the binder.
     *
     * @param pool the pool to watch
     */
    public SmtpPoolMetrics(PooledSmtpSessionFactory pool) {
        this.pool = pool;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("smtp.pool.active", pool, p -> p.stats().active())
                .description("SMTP sessions lent out")
                .register(registry);
        Gauge.builder("smtp.pool.idle", pool, p -> p.stats().idle())
                .description("SMTP sessions idle in the pool")
                .register(registry);
        Gauge.builder("smtp.pool.waiting", pool, p -> p.stats().waiting())
                .description("Threads waiting for an SMTP session")
                .register(registry);
    }
}
