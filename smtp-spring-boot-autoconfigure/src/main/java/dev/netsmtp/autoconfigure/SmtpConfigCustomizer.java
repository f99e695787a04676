/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import dev.netsmtp.session.SmtpConfig;

/**
 * Adjusts what the properties cannot express: an OAuth2 token supplier that refreshes, an
 * {@code SSLContext}, a listener. Called for every server's configuration ({@code smtp.host} and
 * each {@code smtp.hosts} entry), in bean order, on the final builder after the properties were
 * applied, host and port included: what a customizer sets wins.
 *
 * <pre>{@code
 * @Bean
 * SmtpConfigCustomizer oauth2(TokenService tokens) {
 *     return builder -> builder.oauth2("me@example.com", tokens::currentAccessToken);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SmtpConfigCustomizer {

    /**
     * Adjusts a configuration builder, after the properties were applied.
     *
     * @param builder the builder
     */
    void customize(SmtpConfig.Builder builder);
}
