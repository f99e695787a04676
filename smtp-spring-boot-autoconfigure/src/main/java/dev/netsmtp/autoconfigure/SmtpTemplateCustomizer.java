/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import dev.netsmtp.template.SmtpTemplate;

/** Adjusts the auto-configured {@link SmtpTemplate}'s builder (a sleeper, a retry policy of your own). */
@FunctionalInterface
public interface SmtpTemplateCustomizer {

    /**
     * Adjusts the builder, after the properties were applied.
     *
     * @param builder the builder
     */
    void customize(SmtpTemplate.Builder builder);
}
