/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import dev.netsmtp.dkim.DkimSigner;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.template.SmtpTemplate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Makes templates as the auto-configured one is made, for an application with several session
 * factories (a transactional pool and a bulk one): {@code smtp.retry.*}, {@code smtp.timeouts.send},
 * {@code smtp.rate-limit} and {@code smtp.require-tls}, every {@link SmtpListener} bean, and every
 * {@link SmtpTemplateCustomizer} bean (the observation among them) applied to the builder, which
 * the caller may adjust further. A bean; inject it where the templates are defined.
 *
 * <pre>{@code
 * @Bean
 * SmtpTemplate bulkTemplate(SmtpTemplates templates, @Qualifier("bulk") SmtpSessionFactory bulk) {
 *     return templates.builder(bulk).rateLimit(50).build();
 * }
 * }</pre>
 */
public final class SmtpTemplates {

    private final SmtpProperties properties;
    private final List<SmtpListener> listeners;
    private final List<SmtpTemplateCustomizer> customizers;
    private final @Nullable DkimSigner dkim;
    private final dev.netsmtp.throttle.@Nullable SendBudget budget;

    SmtpTemplates(
            SmtpProperties properties,
            List<SmtpListener> listeners,
            List<SmtpTemplateCustomizer> customizers,
            @Nullable DkimSigner dkim,
            dev.netsmtp.throttle.@Nullable SendBudget budget) {
        this.properties = properties;
        this.listeners = List.copyOf(listeners);
        this.customizers = List.copyOf(customizers);
        this.dkim = dkim;
        this.budget = budget;
    }

    /**
     * Starts a template over a factory, set up from {@code smtp.*} and the customizer beans.
     *
     * @param factory the session factory
     * @return the builder
     * @throws InvalidSmtpPropertyException when an smtp.* value cannot be used, naming it
     */
    public SmtpTemplate.Builder builder(SmtpSessionFactory factory) {
        SmtpPropertiesMapper mapper = new SmtpPropertiesMapper(properties);
        SmtpTemplate.Builder builder = SmtpTemplate.builder(Objects.requireNonNull(factory, "factory"))
                .retryPolicy(mapper.retryPolicy())
                .sendTimeout(mapper.sendTimeout())
                .requireTls(properties.requireTls());
        listeners.forEach(builder::listener);
        if (dkim != null) {
            builder.dkim(dkim);
        }
        if (budget != null) {
            builder.budget(budget);
        }
        mapper.throttlePolicy().ifPresent(builder::throttle);
        Double rate = properties.rateLimit();
        if (rate != null) {
            if (!(rate > 0)) {
                throw new InvalidSmtpPropertyException(
                        "smtp.rate-limit",
                        rate,
                        "must be positive",
                        "use a positive number of messages per second, or leave it unset",
                        null);
            }
            builder.rateLimit(rate);
        }
        customizers.forEach(c -> c.customize(builder));
        return builder;
    }

    @Override
    public String toString() {
        return "SmtpTemplates[" + customizers.size() + " customizer(s), " + listeners.size() + " listener(s)]";
    }
}
