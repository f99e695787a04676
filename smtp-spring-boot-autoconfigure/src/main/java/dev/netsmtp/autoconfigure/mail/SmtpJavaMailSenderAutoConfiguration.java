package dev.netsmtp.autoconfigure.mail;

import dev.netsmtp.Envelope;
import dev.netsmtp.autoconfigure.InvalidSmtpPropertyException;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.SmtpProperties;
import dev.netsmtp.template.SmtpOperations;
import dev.netsmtp.template.jakarta.MimeMessageSender;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.MailSender;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Offers netsmtp to code written for Jakarta Mail and Spring's mail support: a
 * {@link MimeMessageSender} bean when Jakarta Mail is present, and, when spring-context-support is
 * present too and the application defines no {@link MailSender}, an {@link SmtpJavaMailSender} as
 * <em>the</em> {@link JavaMailSender}. It runs before Boot's own mail auto-configuration, which
 * then backs off even when {@code spring-boot-starter-mail} and {@code spring.mail.host} are
 * there. {@code smtp.java-mail-sender.enabled=false} turns the JavaMailSender off.
 */
@AutoConfiguration(
        after = SmtpAutoConfiguration.class,
        beforeName = "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration")
@ConditionalOnClass(MimeMessage.class)
@ConditionalOnBean(SmtpOperations.class)
public class SmtpJavaMailSenderAutoConfiguration {

    /** Creates the configuration; Spring does. */
    public SmtpJavaMailSenderAutoConfiguration() {}

    /**
     * Sends {@link MimeMessage}s through the template.
     *
     * @param operations the template
     * @param properties the smtp.* properties, for the envelope sender
     * @return the sender
     */
    @Bean
    @ConditionalOnMissingBean
    public MimeMessageSender mimeMessageSender(SmtpOperations operations, SmtpProperties properties) {
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
                        String.valueOf(e.getMessage()),
                        "use a plain address such as bounces@example.com, or leave it unset",
                        e);
            }
        }
        return address;
    }

    /** The JavaMailSender, when Spring's mail support is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JavaMailSender.class)
    @ConditionalOnBooleanProperty(name = "smtp.java-mail-sender.enabled", matchIfMissing = true)
    static class JavaMailSenderConfiguration {

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
