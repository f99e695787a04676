package dev.netsmtp.autoconfigure.metrics;

import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics for netsmtp when Micrometer is on the class path: a listener that the
 * session factory picks up. The pool gauges are {@link SmtpPoolMetricsAutoConfiguration}'s, which
 * must run after the pool exists.
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
}
