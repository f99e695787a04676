/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * An {@code smtp.*} property has a value netsmtp cannot use. It is Boot's
 * {@link InvalidConfigurationPropertyValueException}, so start-up fails with Boot's own report:
 * the property, its value, where the value came from (a file and line, an environment variable)
 * and the reason, which says what is wrong and what to do. Secrets are never its value.
 */
public final class InvalidSmtpPropertyException extends InvalidConfigurationPropertyValueException {

    private static final long serialVersionUID = 1L;

    private final String problem;
    private final String action;

    /**
     * Creates the exception.
     *
     * @param property the property's full name, e.g. {@code smtp.port}
     * @param value the value it has, as bound; null when the problem is its absence
     * @param problem what is wrong with it
     * @param action what to do about it
     * @param cause the underlying error, or null
     */
    public InvalidSmtpPropertyException(
            String property, @Nullable Object value, String problem, String action, @Nullable Throwable cause) {
        super(property, value, problem + "; " + action);
        this.problem = problem;
        this.action = action;
        if (cause != null) {
            initCause(cause);
        }
    }

    /**
     * Returns the property's full name.
     *
     * @return e.g. {@code smtp.port}
     */
    public String property() {
        return getName();
    }

    /**
     * Returns what is wrong with the value.
     *
     * @return the problem
     */
    public String problem() {
        return problem;
    }

    /**
     * Returns what to do about it.
     *
     * @return the suggested fix
     */
    public String action() {
        return action;
    }
}
