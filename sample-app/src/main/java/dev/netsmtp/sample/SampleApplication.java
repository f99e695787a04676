/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import dev.netsmtp.autoconfigure.SmtpProperties;
import dev.netsmtp.session.SmtpConfig;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * The netsmtp sample: sends to the server of {@code smtp.*}. {@code TestSampleApplication} (test
 * code, {@code mvn spring-boot:test-run}) runs it against an embedded SMTP server instead.
 */
@SpringBootApplication
public class SampleApplication {

    private static final org.apache.commons.logging.Log LOG =
            org.apache.commons.logging.LogFactory.getLog(SampleApplication.class);

    /**
     * Starts the application.
     *
     * @param args Spring Boot arguments, e.g. {@code --smtp.host=mail.example.com}
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    /**
     * Where mail goes, as the client reads {@code smtp.*}: the core's own defaults fill in what is
     * left out (the port for the TLS mode; TLS required off loopback).
     *
     * @param properties the smtp.* settings
     * @param embedded the embedded SMTP server, when running
     * @return the destination
     */
    @Bean
    SmtpDestination smtpDestination(SmtpProperties properties, ObjectProvider<Inbox> embedded) {
        String host = properties.host() == null ? "localhost" : properties.host();
        SmtpConfig.Builder config = SmtpConfig.builder().host(host);
        if (properties.port() != null) {
            config.port(properties.port());
        }
        if (properties.tls().mode() != null) {
            config.tls(properties.tls().mode());
        }
        SmtpConfig effective = config.build();
        Inbox server = embedded.getIfAvailable();
        return new SmtpDestination(
                host,
                effective.port(),
                effective.tls().mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                server != null && server.port() == effective.port());
    }

    /**
     * Prints where to look once the web server is up.
     *
     * @param destination where mail goes
     * @return the listener
     */
    @Bean
    ApplicationListener<WebServerInitializedEvent> announceUrl(SmtpDestination destination) {
        return event -> LOG.info("netsmtp sample is running: open http://127.0.0.1:"
                + event.getWebServer().getPort() + "/ ("
                + (destination.embedded()
                        ? "sending to the embedded SMTP server on 127.0.0.1:" + destination.port()
                                + "; start with --smtp.host=... for a real one)"
                        : "sending to " + destination.host() + ":" + destination.port()
                                + ", the SMTP server of smtp.*)"));
    }
}
