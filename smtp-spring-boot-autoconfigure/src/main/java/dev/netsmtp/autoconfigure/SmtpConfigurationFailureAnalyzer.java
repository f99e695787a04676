package dev.netsmtp.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link InvalidSmtpPropertyException} into Boot's start-up report, naming the property. */
class SmtpConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSmtpPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSmtpPropertyException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
