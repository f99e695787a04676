/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When neither {@code smtp.host} nor {@code smtp.hosts} is set, starts the embedded SMTP server
 * and points {@code smtp.*} at it, before the auto-configuration reads them.
 */
class EmbeddedSmtpEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("smtp.host")
                || environment.containsProperty("smtp.hosts")
                || environment.containsProperty("smtp.hosts[0]")) {
            return;
        }
        EmbeddedSmtpServer server = new EmbeddedSmtpServer();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "embeddedSmtp",
                        Map.of(
                                "smtp.host", "127.0.0.1",
                                "smtp.port", server.port(),
                                "smtp.helo", "sample.netsmtp.dev")));
        application.addInitializers(context -> {
            context.getBeanFactory().registerSingleton("embeddedSmtpServer", server);
            context.addApplicationListener((ApplicationListener<ContextClosedEvent>) e -> server.close());
        });
    }
}
