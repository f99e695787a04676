/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.template.SmtpOperations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * When an application needs an {@code SmtpTemplate}, {@code SmtpOperations},
 * {@code SmtpSessionFactory}, {@code JavaMailSender} or {@code MailSender} and none was created,
 * says why, having checked it: the auto-configuration excluded (by
 * {@code spring.autoconfigure.exclude} or an {@code exclude} attribute), {@code smtp.host} not set
 * (naming a {@code spring.mail.host} or a misspelt key that is), Spring's mail support or Jakarta
 * Mail missing, {@code smtp.java-mail-sender.enabled=false}, or several session factories and no
 * {@code @Primary} one. Boot's condition report is not read: after a failed start it has been
 * destroyed with the beans, so the analysis reads the environment and the bean definitions,
 * which outlive them. With no cause found it leaves the failure to Boot's own analysis.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class MissingSmtpBeanFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException> {

    private static final String CORE = "dev.netsmtp.autoconfigure.SmtpAutoConfiguration";
    private static final String MAIL = "dev.netsmtp.autoconfigure.mail.SmtpJavaMailSenderAutoConfiguration";
    private static final String JAVA_MAIL_SENDER = "org.springframework.mail.javamail.JavaMailSender";
    private static final String MAIL_SENDER = "org.springframework.mail.MailSender";

    private final @Nullable BeanFactory beanFactory;
    private final Environment environment;

    MissingSmtpBeanFailureAnalyzer(@Nullable BeanFactory beanFactory, Environment environment) {
        this.beanFactory = beanFactory;
        this.environment = environment;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
        if (cause instanceof NoUniqueBeanDefinitionException) {
            return null; // SeveralSmtpFactoriesFailureAnalyzer's
        }
        ResolvableType type = cause.getResolvableType();
        Class<?> missing = type == null ? cause.getBeanType() : type.resolve();
        if (missing == null) {
            return null;
        }
        boolean mail =
                missing.getName().equals(JAVA_MAIL_SENDER) || missing.getName().equals(MAIL_SENDER);
        if (!mail
                && !SmtpOperations.class.isAssignableFrom(missing)
                && !SmtpSessionFactory.class.isAssignableFrom(missing)) {
            return null;
        }
        String wanted = "A bean of type " + missing.getName() + " is needed but none was created: ";
        String yourOwn = "or define your own " + missing.getSimpleName() + " bean (a fake in tests).";

        String excludedBy = excludedBy(CORE);
        if (excludedBy == null && mail) {
            excludedBy = excludedBy(MAIL);
        }
        if (excludedBy != null) {
            return new FailureAnalysis(
                    wanted + "netsmtp's auto-configuration is excluded: " + excludedBy + ".",
                    "Remove it from the exclusions to have netsmtp make the bean from smtp.*, " + yourOwn,
                    cause);
        }
        if (!SmtpAutoConfiguration.hostConfigured(environment)) {
            return new FailureAnalysis(
                    wanted + "netsmtp's auto-configuration is on only when smtp.host (or smtp.hosts) is set, and "
                            + "it is not" + nearMiss() + ".",
                    "Set smtp.host (and smtp.port) in application.yml or application.properties, for example "
                            + "smtp.host=smtp.example.com and smtp.port=587, or list servers in smtp.hosts; "
                            + yourOwn,
                    cause);
        }
        int factories = factoryCount();
        if (factories > 1 && (mail || SmtpOperations.class.isAssignableFrom(missing))) {
            return new FailureAnalysis(
                    wanted + "the application has " + factories + " SmtpSessionFactory beans and none is @Primary, "
                            + "so netsmtp makes no SmtpTemplate"
                            + (mail ? " and no JavaMailSender on top of it" : "") + ".",
                    "Mark the factory the template should use @Primary, or define a template per factory "
                            + "with the SmtpTemplates bean (templates.builder(factory).build()), " + yourOwn,
                    cause);
        }
        if (mail) {
            return mailCause(wanted, yourOwn, cause);
        }
        return null;
    }

    private @Nullable FailureAnalysis mailCause(String wanted, String yourOwn, Throwable cause) {
        ClassLoader loader = getClass().getClassLoader();
        if (!ClassUtils.isPresent(JAVA_MAIL_SENDER, loader)
                || !ClassUtils.isPresent("jakarta.mail.internet.MimeMessage", loader)) {
            return new FailureAnalysis(
                    wanted + "Spring's mail support (spring-context-support) or Jakarta Mail is not on the class "
                            + "path, and netsmtp offers its JavaMailSender only with both.",
                    "Add spring-boot-starter-mail next to smtp-spring-boot-starter, " + yourOwn,
                    cause);
        }
        if (!environment.getProperty("smtp.java-mail-sender.enabled", Boolean.class, true)) {
            return new FailureAnalysis(
                    wanted + "smtp.java-mail-sender.enabled is false.",
                    "Remove smtp.java-mail-sender.enabled=false, " + yourOwn,
                    cause);
        }
        return null;
    }

    /** " (spring.mail.host is set, which netsmtp does not read)" or a misspelt smtp key, or nothing. */
    private String nearMiss() {
        if (environment.containsProperty("spring.mail.host")) {
            return " (spring.mail.host is set, which is Spring Boot's mail sender's key: netsmtp reads smtp.host)";
        }
        Set<String> known = UnknownSmtpProperties.known();
        for (String key : UnknownSmtpProperties.setKeys(environment)) {
            if (!known.contains(key)
                    && UnknownSmtpProperties.closest(key, Set.of("smtp.host", "smtp.hosts"))
                                    .distance()
                            <= 2) {
                return " (" + key + " is set: did you mean smtp.host?)";
            }
        }
        return "";
    }

    private int factoryCount() {
        if (!(beanFactory instanceof ConfigurableListableBeanFactory listable)) {
            return 0;
        }
        String[] names = listable.getBeanNamesForType(SmtpSessionFactory.class, true, false);
        for (String name : names) {
            if (listable.containsBeanDefinition(name)
                    && listable.getBeanDefinition(name).isPrimary()) {
                return 1;
            }
        }
        return names.length;
    }

    /**
     * Where the auto-configuration is excluded: {@code spring.autoconfigure.exclude}, or the
     * {@code exclude}/{@code excludeName} of an {@code @EnableAutoConfiguration} (or
     * {@code @SpringBootApplication}) class; null when it is not.
     */
    private @Nullable String excludedBy(String autoConfiguration) {
        String[] fromProperty = Binder.get(environment)
                .bind("spring.autoconfigure.exclude", String[].class)
                .orElse(new String[0]);
        if (Arrays.stream(fromProperty).map(String::trim).anyMatch(autoConfiguration::equals)) {
            return "spring.autoconfigure.exclude names " + autoConfiguration;
        }
        if (!(beanFactory instanceof ConfigurableListableBeanFactory listable)) {
            return null;
        }
        for (String name : listable.getBeanDefinitionNames()) {
            BeanDefinition definition = listable.getBeanDefinition(name);
            String className = definition.getBeanClassName();
            if (className == null) {
                continue;
            }
            Class<?> type;
            try {
                type = ClassUtils.forName(className, listable.getBeanClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            MergedAnnotation<EnableAutoConfiguration> enable = MergedAnnotations.from(
                            type, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                    .get(EnableAutoConfiguration.class);
            if (!enable.isPresent()) {
                continue;
            }
            List<String> excluded = new ArrayList<>();
            for (Class<?> c : enable.getClassArray("exclude")) {
                excluded.add(c.getName());
            }
            excluded.addAll(Arrays.asList(enable.getStringArray("excludeName")));
            if (excluded.contains(autoConfiguration)) {
                return type.getSimpleName() + "'s @EnableAutoConfiguration (or @SpringBootApplication) excludes "
                        + autoConfiguration.substring(autoConfiguration.lastIndexOf('.') + 1);
            }
        }
        return null;
    }
}
