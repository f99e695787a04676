package dev.netsmtp.autoconfigure.health;

import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.SmtpProperties;
import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.template.SmtpTemplate;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code smtp} health indicator when Boot's health module is present and
 * {@code management.health.smtp.enabled} is not false.
 */
@AutoConfiguration(after = SmtpAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SmtpSessionFactory.class)
@ConditionalOnEnabledHealthIndicator("smtp")
public class SmtpHealthContributorAutoConfiguration {

    /** Creates the configuration; Spring does. */
    public SmtpHealthContributorAutoConfiguration() {}

    /**
     * The indicator, probing at most every 30 seconds, each probe bounded by 5 seconds in all.
     *
     * @param factory the session factory
     * @param properties the {@code smtp.*} properties, for the send timeout
     * @return the indicator, named {@code smtp} by its bean name
     */
    @Bean
    @ConditionalOnMissingBean(name = "smtpHealthIndicator")
    public SmtpHealthIndicator smtpHealthIndicator(
            SmtpSessionFactory factory, ObjectProvider<SmtpProperties> properties) {
        SmtpProperties props = properties.getIfAvailable();
        Duration sendTimeout = props == null
                ? SmtpTemplate.DEFAULT_SEND_TIMEOUT
                : props.timeouts().send();
        return new SmtpHealthIndicator(
                factory, Duration.ofSeconds(30), Duration.ofSeconds(5), sendTimeout, Clock.systemUTC());
    }
}
