package dev.netsmtp.autoconfigure.metrics;

import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The pool gauges ({@code smtp.pool.active}, {@code .idle}, {@code .waiting}) once the pool
 * exists. A top-level auto-configuration of its own: nested in
 * {@link SmtpMetricsAutoConfiguration}, which runs before {@link SmtpAutoConfiguration}, its
 * condition was evaluated before there was a pool, and the gauges were never registered.
 */
@AutoConfiguration(after = SmtpAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(PooledSmtpSessionFactory.class)
public class SmtpPoolMetricsAutoConfiguration {

    /** Creates the configuration; Spring does. */
    public SmtpPoolMetricsAutoConfiguration() {}

    /**
     * The pool gauges; Boot binds them to every registry.
     *
     * @param pool the pool
     * @return the binder
     */
    @Bean
    @ConditionalOnMissingBean
    public SmtpPoolMetrics smtpPoolMetrics(PooledSmtpSessionFactory pool) {
        return new SmtpPoolMetrics(pool);
    }
}
