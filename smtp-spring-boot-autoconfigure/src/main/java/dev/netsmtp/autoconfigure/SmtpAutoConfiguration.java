/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import dev.netsmtp.auth.TokenSource;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.template.SmtpOperations;
import dev.netsmtp.template.SmtpTemplate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Auto-configures a pooled {@link SmtpSessionFactory} from {@code smtp.*} when {@code smtp.host}
 * or {@code smtp.hosts} is set, and an {@link SmtpTemplate} over the application's one session
 * factory, its own or this one (with several, over the {@code @Primary} one; with several and
 * none primary, no template: define one per factory). Each backs off when the application defines
 * its own. {@link SmtpConfigCustomizer} and {@link SmtpTemplateCustomizer} beans adjust what the
 * properties cannot say; {@link SmtpListener} beans hear every session. The factory is closed with
 * the context, QUITting its idle sessions.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@EnableConfigurationProperties(SmtpProperties.class)
public final class SmtpAutoConfiguration {

    SmtpAutoConfiguration() {}

    /** The pooled factory of {@code smtp.host} / {@code smtp.hosts}. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnSmtpHost.class)
    static class PooledFactory {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(SmtpSessionFactory.class)
        PooledSmtpSessionFactory smtpSessionFactory(
                SmtpProperties properties,
                ObjectProvider<SslBundles> sslBundles,
                ObjectProvider<SmtpListener> listeners,
                ObjectProvider<SmtpConfigCustomizer> customizers,
                ObjectProvider<TokenSource> tokenSources) {
            SmtpPropertiesMapper mapper = new SmtpPropertiesMapper(
                    properties,
                    tokenSource(properties, tokenSources.orderedStream().toList()));
            return new PooledSmtpSessionFactory(
                    mapper.hostList(
                            sslBundles.getIfAvailable(),
                            listeners.orderedStream().toList(),
                            customizers.orderedStream().toList()),
                    mapper.poolConfig());
        }
    }

    /**
     * The one token source logins take OAuth2 tokens from: the Spring Security bridge of
     * {@code smtp.auth.oauth2.registration-id}, or the application's own {@link TokenSource} bean.
     */
    static @Nullable TokenSource tokenSource(SmtpProperties properties, List<TokenSource> beans) {
        String id = properties.auth().oauth2().registrationId();
        boolean named = id != null && !id.isBlank();
        if (beans.size() > 1) {
            throw new IllegalStateException("netsmtp logs in with one OAuth2 TokenSource, and the context has "
                    + beans.size() + ": " + beans + (named ? " (smtp.auth.oauth2.registration-id makes one)" : "")
                    + "; keep one");
        }
        if (named && beans.isEmpty()) {
            throw new InvalidSmtpPropertyException(
                    "smtp.auth.oauth2.registration-id",
                    id,
                    "Spring Security's OAuth2 client is not on the class path",
                    "add the dependency org.springframework.boot:spring-boot-starter-security-oauth2-client",
                    null);
        }
        return beans.isEmpty() ? null : beans.get(0);
    }

    /**
     * Makes templates as the auto-configured one is made: smtp.*, listener and customizer beans.
     *
     * @param properties the smtp.* properties
     * @param listeners listener beans, which also hear the templates' attempts and outcomes
     * @param customizers customizer beans
     * @param dkim the application's DKIM signer, when it has one
     * @param budget the application's shared send budget, when it has one
     * @return the maker
     */
    @Bean
    @ConditionalOnMissingBean
    SmtpTemplates smtpTemplates(
            SmtpProperties properties,
            ObjectProvider<SmtpListener> listeners,
            ObjectProvider<SmtpTemplateCustomizer> customizers,
            ObjectProvider<dev.netsmtp.dkim.DkimSigner> dkim,
            ObjectProvider<dev.netsmtp.throttle.SendBudget> budget) {
        return new SmtpTemplates(
                properties,
                listeners.orderedStream().toList(),
                customizers.orderedStream().toList(),
                dkim.getIfUnique(),
                budget.getIfUnique());
    }

    /**
     * The template services inject, over the application's one (or {@code @Primary}) factory.
     *
     * @param factory the session factory
     * @param templates the maker
     * @return the template
     */
    @Bean
    @ConditionalOnMissingBean(SmtpOperations.class)
    @ConditionalOnSingleCandidate(SmtpSessionFactory.class)
    SmtpTemplate smtpTemplate(SmtpSessionFactory factory, SmtpTemplates templates) {
        return templates.builder(factory).build();
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

    /**
     * Tells whether {@code smtp.host} or {@code smtp.hosts} (in any of its forms: a comma list, an
     * indexed list, YAML) is set: the one rule that turns the pooled factory on, which the failure
     * analysis reads too.
     */
    static boolean hostConfigured(Environment environment) {
        return environment.containsProperty("smtp.host")
                || Binder.get(environment).bind("smtp.hosts", String[].class).isBound();
    }

    /** Matches when {@link #hostConfigured} does. */
    static final class OnSmtpHost extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            ConditionMessage.Builder message = ConditionMessage.forCondition("smtp.host or smtp.hosts");
            return hostConfigured(context.getEnvironment())
                    ? ConditionOutcome.match(message.found("property").items("smtp.host or smtp.hosts"))
                    : ConditionOutcome.noMatch(message.didNotFind("property").items("smtp.host", "smtp.hosts"));
        }
    }
}
