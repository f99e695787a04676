/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.autoconfigure;

import dev.netsmtp.autoconfigure.SmtpConfigCustomizer;
import dev.netsmtp.test.SmtpTestServer;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts a server for one test context, points {@code smtp.*} at it above every other property
 * source, registers it and a trust for its certificate as beans, and stops it with the context.
 * Instances with the same {@link Settings} are equal, so Spring's context cache shares a context
 * (and its server) between test classes that are otherwise configured alike, and only those.
 */
final class SmtpTestServerContextCustomizer implements ContextCustomizer {

    /** The annotation's attributes: the server's settings, and part of the context cache key. */
    record Settings(List<String> users, boolean starttls, boolean chunking, long maxMessageSize, boolean implicitTls) {

        Settings {
            users = List.copyOf(users);
            for (String user : users) {
                if (user.indexOf(':') <= 0) {
                    throw new IllegalArgumentException("@AutoConfigureSmtpTestServer(users) takes \"user:secret\", "
                            + "got an entry without a user name and a colon");
                }
            }
            if (maxMessageSize < 0) {
                throw new IllegalArgumentException(
                        "@AutoConfigureSmtpTestServer(maxMessageSize) must be 0 or more, was " + maxMessageSize);
            }
        }

        static Settings of(AutoConfigureSmtpTestServer a) {
            return new Settings(List.of(a.users()), a.starttls(), a.chunking(), a.maxMessageSize(), a.implicitTls());
        }

        SmtpTestServer start() {
            SmtpTestServer.Builder b = SmtpTestServer.builder()
                    .starttls(starttls)
                    .chunking(chunking)
                    .implicitTls(implicitTls);
            if (maxMessageSize > 0) {
                b.maxMessageSize(maxMessageSize);
            }
            for (String user : users) {
                int colon = user.indexOf(':');
                b.user(user.substring(0, colon), user.substring(colon + 1));
            }
            return b.start();
        }

        /** Never shows a secret: this is in the context cache's log lines. */
        @Override
        public String toString() {
            return "Settings[users="
                    + users.stream().map(u -> u.substring(0, u.indexOf(':'))).toList()
                    + ", starttls=" + starttls + ", chunking=" + chunking + ", maxMessageSize=" + maxMessageSize
                    + ", implicitTls=" + implicitTls + "]";
        }
    }

    private final Settings settings;

    SmtpTestServerContextCustomizer(Settings settings) {
        this.settings = settings;
    }

    static final String PROPERTY_SOURCE = "smtpTestServer";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        SmtpTestServer server = settings.start();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        PROPERTY_SOURCE,
                        Map.of("smtp.host", server.host(), "smtp.port", server.port(), "smtp.hosts", "")));
        var beans = context.getBeanFactory();
        beans.registerSingleton("smtpTestServer", server);
        // Runs after the properties' own settings on each server's builder: the test server's
        // certificate is trusted whatever smtp.ssl.bundle says.
        beans.registerSingleton(
                "smtpTestServerTrust", (SmtpConfigCustomizer) builder -> builder.sslContext(server.clientSslContext()));
        context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> {
            if (event.getApplicationContext() == context) {
                server.close();
            }
        });
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SmtpTestServerContextCustomizer c && c.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return "SmtpTestServerContextCustomizer[" + settings + "]";
    }
}
