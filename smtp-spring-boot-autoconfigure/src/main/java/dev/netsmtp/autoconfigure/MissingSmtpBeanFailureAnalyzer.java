package dev.netsmtp.autoconfigure;

import dev.netsmtp.session.SmtpSessionFactory;
import dev.netsmtp.template.SmtpOperations;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.ResolvableType;

/**
 * When an application needs an {@code SmtpTemplate}, {@code SmtpOperations} or
 * {@code SmtpSessionFactory} and there is none, says why: the auto-configuration is on only when
 * {@code smtp.host} (or {@code smtp.hosts}) is set. Boot's own report names only the missing type.
 */
class MissingSmtpBeanFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException> {

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
        ResolvableType type = cause.getResolvableType();
        Class<?> missing = type == null ? cause.getBeanType() : type.resolve();
        if (missing == null
                || !(SmtpOperations.class.isAssignableFrom(missing)
                        || SmtpSessionFactory.class.isAssignableFrom(missing))) {
            return null;
        }
        return new FailureAnalysis(
                "A bean of type " + missing.getName() + " is needed but none was created: netsmtp's "
                        + "auto-configuration is on only when smtp.host (or smtp.hosts) is set, and it is not.",
                "Set smtp.host (and smtp.port) in application.yml or application.properties, for example "
                        + "smtp.host=smtp.example.com and smtp.port=587, or list servers in smtp.hosts; "
                        + "or define your own " + missing.getSimpleName() + " bean (a fake in tests).",
                cause);
    }
}
