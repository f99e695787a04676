/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.ConversionFailedException;

/**
 * An {@code smtp.*} value that names no constant of its enum ({@code smtp.tls.mode=starttls-requird})
 * is reported with the property, the value, where it came from, and the values as the README
 * writes them ({@code starttls-required}), not as Java constants; before Boot's own bind analysis,
 * which lists {@code STARTTLS_REQUIRED}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class SmtpEnumValueFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        ConfigurationProperty property = cause.getProperty();
        Class<?> target = cause.getTarget().getType().resolve();
        if (property == null || target == null || !target.isEnum()) {
            return null;
        }
        String name = property.getName().toString();
        if (!name.startsWith("smtp.") || findCause(cause, ConversionFailedException.class) == null) {
            return null;
        }
        String values = Arrays.stream(target.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
        return new FailureAnalysis(
                "Invalid value '" + property.getValue() + "' for configuration property '" + name + "'"
                        + (property.getOrigin() == null ? "" : " (originating from '" + property.getOrigin() + "')")
                        + ": it is not one of " + values + ".",
                "Set " + name + " to one of: " + values + ".",
                cause);
    }
}
