package dev.netsmtp.autoconfigure.metrics;

import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.SmtpProperties;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.tls.TlsMode;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

    /** The observation per send, when Micrometer's observation API is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    static class Observations {

        @Bean
        @ConditionalOnMissingBean
        SmtpObservationListener smtpObservationListener(
                ObjectProvider<ObservationRegistry> registry, ObjectProvider<SmtpProperties> properties) {
            SmtpProperties props = properties.getIfAvailable();
            String host = props == null
                    ? "unknown"
                    : props.host() != null
                            ? props.host()
                            : props.hosts().isEmpty()
                                    ? "unknown"
                                    : props.hosts().get(0);
            int port = props != null && props.port() != null
                    ? props.port()
                    : props != null && props.tls().mode() == TlsMode.IMPLICIT
                            ? SmtpConfig.DEFAULT_IMPLICIT_TLS_PORT
                            : SmtpConfig.DEFAULT_PORT;
            return new SmtpObservationListener(
                    () -> registry.getIfAvailable(() -> ObservationRegistry.NOOP), host, port);
        }
    }
}
