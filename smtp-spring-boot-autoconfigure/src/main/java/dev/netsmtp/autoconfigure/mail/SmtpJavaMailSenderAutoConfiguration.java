/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.mail;

import dev.netsmtp.Envelope;
import dev.netsmtp.autoconfigure.InvalidSmtpPropertyException;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.SmtpProperties;
import dev.netsmtp.template.SmtpOperations;
import dev.netsmtp.template.jakarta.MimeMessageSender;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.MailSender;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Offers netsmtp to code written for Jakarta Mail and Spring's mail support: a
 * {@link MimeMessageSender} bean when Jakarta Mail is present, and, when spring-context-support is
 * present too (the application's {@code spring-boot-starter-mail}) and the application defines no
 * {@link MailSender}, an {@link SmtpJavaMailSender} as <em>the</em> {@link JavaMailSender}. It runs
 * before Boot's own mail auto-configuration, which then backs off even when {@code spring.mail.host}
 * is set; the {@code spring.mail.*} keys it would have read are logged at INFO as unused.
 * {@code smtp.java-mail-sender.enabled=false} turns the JavaMailSender off.
 */
@AutoConfiguration(
        after = SmtpAutoConfiguration.class,
        beforeName = "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration")
@ConditionalOnClass(MimeMessage.class)
@ConditionalOnBean(SmtpOperations.class)
public final class SmtpJavaMailSenderAutoConfiguration {

    SmtpJavaMailSenderAutoConfiguration() {}

    /**
     * Sends {@link MimeMessage}s through the template.
     *
     * @param operations the template
     * @param properties the smtp.* properties, for the envelope sender
     * @return the sender
     */
    @Bean
    @ConditionalOnMissingBean
    MimeMessageSender mimeMessageSender(SmtpOperations operations, SmtpProperties properties) {
        MimeMessageSender sender = new MimeMessageSender(operations);
        String envelopeFrom = envelopeFrom(properties);
        return envelopeFrom == null ? sender : sender.withEnvelopeFrom(envelopeFrom);
    }

    /** smtp.java-mail-sender.envelope-from, refused at start-up when it could not be sent. */
    static @Nullable String envelopeFrom(SmtpProperties properties) {
        String address = properties.javaMailSender().envelopeFrom();
        if (address != null) {
            try {
                Envelope.of(address, List.of("check@example.com"));
            } catch (IllegalArgumentException e) {
                throw new InvalidSmtpPropertyException(
                        "smtp.java-mail-sender.envelope-from",
                        address,
                        String.valueOf(e.getMessage()),
                        "use a plain address such as bounces@example.com, or leave it unset",
                        e);
            }
        }
        return address;
    }

    /** The INFO line when netsmtp's sender takes over from Boot's with spring.mail.* keys set. */
    static final class SpringMailTakeover implements InitializingBean {
        private static final Log LOG = LogFactory.getLog("dev.netsmtp.autoconfigure");

        private final Set<String> unread;
        private @Nullable String message;

        SpringMailTakeover(Set<String> unread) {
            this.unread = unread;
        }

        @Override
        public void afterPropertiesSet() {
            if (!unread.isEmpty()) {
                message = "netsmtp's JavaMailSender (smtp.*) replaces Spring Boot's; these spring.mail.* settings "
                        + "are not read: " + unread
                        + ". Move them to smtp.* (docs/migration-from-spring-boot-starter-mail.md in netsmtp's repository).";
                LOG.info(message);
            }
        }

        /** What was logged, for tests; empty when nothing was. */
        Optional<String> message() {
            return Optional.ofNullable(message);
        }
    }

    /** The {@code spring.mail.*} keys the application set, which Boot's sender would have read. */
    static Set<String> springMailKeys(Environment env) {
        Set<String> keys = new TreeSet<>();
        ConfigurationPropertyName root = ConfigurationPropertyName.of("spring.mail");
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.filter(root::isAncestorOf).stream().forEach(name -> keys.add(name.toString()));
            }
        }
        return keys;
    }

    /**
     * The JavaMailSender, when Spring's mail support is on the class path: the application's own
     * {@code spring-boot-starter-mail} (netsmtp's starter does not bring it), whose sender this
     * one replaces.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JavaMailSender.class)
    @ConditionalOnBooleanProperty(name = "smtp.java-mail-sender.enabled", matchIfMissing = true)
    static class JavaMailSenderConfiguration {

        /**
         * Says at INFO, once, which {@code spring.mail.*} keys are no longer read.
         *
         * @param env the environment
         * @return the notice
         */
        @Bean
        static SpringMailTakeover smtpSpringMailTakeover(Environment env) {
            return new SpringMailTakeover(springMailKeys(env));
        }

        /**
         * Spring's JavaMailSender over the pool.
         *
         * @param operations the template
         * @param properties the smtp.* properties, for the envelope sender
         * @return the sender
         */
        @Bean
        @ConditionalOnMissingBean(MailSender.class)
        SmtpJavaMailSender smtpJavaMailSender(SmtpOperations operations, SmtpProperties properties) {
            SmtpJavaMailSender sender = new SmtpJavaMailSender(operations);
            String envelopeFrom = envelopeFrom(properties);
            return envelopeFrom == null ? sender : sender.withEnvelopeFrom(envelopeFrom);
        }
    }
}
