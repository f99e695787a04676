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
 * Micrometer metrics for netsmtp when Micrometer is on the class path: a listener that the
 * session factory picks up, and pool gauges. Boot binds both to every registry.
 */
@AutoConfiguration(before = SmtpAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
public class SmtpMetricsAutoConfiguration {

    /** Creates the configuration; Spring does. */
    public SmtpMetricsAutoConfiguration() {}

    /**
     * The send metrics.
     *
     * @return the listener
     */
    @Bean
    @ConditionalOnMissingBean
    public SmtpMetricsListener smtpMetricsListener() {
        return new SmtpMetricsListener();
    }

    /** Pool gauges, once the pool exists. */
    @AutoConfiguration(after = SmtpAutoConfiguration.class)
    @ConditionalOnClass(MeterBinder.class)
    @ConditionalOnBean(PooledSmtpSessionFactory.class)
    public static class PoolMetricsAutoConfiguration {

        /** Creates the configuration; Spring does. */
        public PoolMetricsAutoConfiguration() {}

        /**
         * The pool gauges.
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
}
