/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image must keep for netsmtp's Boot layer: the configuration metadata, from which
 * {@link UnknownSmtpProperties} learns the known {@code smtp.*} keys. Nothing else is reflected
 * on: the properties records are bound by Boot's AOT processing, the beans are made by generated
 * code, and the core reflects on nothing.
 */
class SmtpRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources().registerPattern(UnknownSmtpProperties.METADATA);
    }
}
