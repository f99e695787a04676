package dev.netsmtp.autoconfigure;

import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.template.SmtpOperations;
import dev.netsmtp.template.SmtpTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a pooled {@link SmtpSessionFactory} and an {@link SmtpTemplate} from
 * {@code smtp.*} when {@code smtp.host} or {@code smtp.hosts} is set. Each backs off when the
 * application defines its own. {@link SmtpConfigCustomizer} and {@link SmtpTemplateCustomizer}
 * beans adjust what the properties cannot say; {@link SmtpListener} beans hear every session. The
 * factory is closed with the context, QUITting its idle sessions.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@Conditional(SmtpAutoConfiguration.OnSmtpHost.class)
@EnableConfigurationProperties(SmtpProperties.class)
public class SmtpAutoConfiguration {

    /** Creates the configuration; Spring does. */
    public SmtpAutoConfiguration() {}

    /**
     * The pooled session factory.
     *
     * @param properties the smtp.* properties
     * @param sslBundles the SSL bundles, when any
     * @param listeners listener beans
     * @param customizers customizer beans
     * @return the factory, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(SmtpSessionFactory.class)
    public PooledSmtpSessionFactory smtpSessionFactory(
            SmtpProperties properties,
            ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<SmtpListener> listeners,
            ObjectProvider<SmtpConfigCustomizer> customizers) {
        SmtpPropertiesMapper mapper = new SmtpPropertiesMapper(properties);
        return new PooledSmtpSessionFactory(
                mapper.hostList(
                        sslBundles.getIfAvailable(),
                        listeners.orderedStream().toList(),
                        customizers.orderedStream().toList()),
                mapper.poolConfig());
    }

    /**
     * The template services inject.
     *
     * @param factory the session factory
     * @param properties the smtp.* properties
     * @param listeners listener beans, which also hear the template's attempts and outcomes
     * @param customizers customizer beans
     * @return the template
     */
    @Bean
    @ConditionalOnMissingBean(SmtpOperations.class)
    public SmtpTemplate smtpTemplate(
            SmtpSessionFactory factory,
            SmtpProperties properties,
            ObjectProvider<SmtpListener> listeners,
            ObjectProvider<SmtpTemplateCustomizer> customizers) {
        SmtpPropertiesMapper mapper = new SmtpPropertiesMapper(properties);
        SmtpTemplate.Builder builder = SmtpTemplate.builder(factory)
                .retryPolicy(mapper.retryPolicy())
                .sendTimeout(mapper.sendTimeout())
                .requireTls(properties.requireTls());
        listeners.orderedStream().forEach(builder::listener);
        Double rate = properties.rateLimit();
        if (rate != null) {
            if (!(rate > 0)) {
                throw new InvalidSmtpPropertyException(
                        "smtp.rate-limit",
                        "must be positive, was " + rate,
                        "use a positive number of messages per second, or leave it unset",
                        null);
            }
            builder.rateLimit(rate);
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * Warns about {@code smtp.*} keys that bind to nothing, with the closest known key.
     *
     * @param environment the application's environment
     * @return the check, run once at start-up
     */
    @Bean
    static UnknownSmtpProperties smtpUnknownPropertiesWarning(Environment environment) {
        return new UnknownSmtpProperties(environment);
    }

    /** Matches when {@code smtp.host} or {@code smtp.hosts} is set. */
    static final class OnSmtpHost extends AnyNestedCondition {

        OnSmtpHost() {
            super(ConfigurationCondition.ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnProperty(prefix = "smtp", name = "host")
        static final class HostSet {}

        @ConditionalOnProperty(prefix = "smtp", name = "hosts")
        static final class HostsSet {}

        @ConditionalOnProperty(prefix = "smtp", name = "hosts[0]")
        static final class HostsListSet {}
    }
}
