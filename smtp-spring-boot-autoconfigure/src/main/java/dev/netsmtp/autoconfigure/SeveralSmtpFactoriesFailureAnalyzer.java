/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.template.SmtpOperations;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;

/**
 * When one {@code SmtpSessionFactory} (or {@code SmtpOperations}) is injected and the application
 * has several (a transactional pool and a bulk one, say), says which and what to do: mark one
 * {@code @Primary}, or name the one wanted with {@code @Qualifier}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class SeveralSmtpFactoriesFailureAnalyzer extends AbstractFailureAnalyzer<NoUniqueBeanDefinitionException> {

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoUniqueBeanDefinitionException cause) {
        ResolvableType type = cause.getResolvableType();
        Class<?> wanted = type == null ? cause.getBeanType() : type.resolve();
        if (wanted == null
                || !(SmtpSessionFactory.class.isAssignableFrom(wanted)
                        || SmtpOperations.class.isAssignableFrom(wanted))) {
            return null;
        }
        return new FailureAnalysis(
                "One " + wanted.getSimpleName() + " is injected, but there are " + cause.getNumberOfBeansFound() + ": "
                        + cause.getBeanNamesFound() + ".",
                "Mark the one to inject by default @Primary, or say which with @Qualifier(\"beanName\") where it is "
                        + "injected. With two session factories netsmtp makes no SmtpTemplate of its own: define one "
                        + "per factory with the SmtpTemplates bean (templates.builder(factory).build()). Health and pool gauges cover every "
                        + "factory, by bean name.",
                cause);
    }
}
