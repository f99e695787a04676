/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

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
     * Prints where to look once the web server is up.
     *
     * @param embedded the embedded SMTP server's inbox, when running
     * @return the listener
     */
    @Bean
    ApplicationListener<WebServerInitializedEvent> announceUrl(
            org.springframework.beans.factory.ObjectProvider<Inbox> embedded) {
        return event -> {
            Inbox server = embedded.getIfAvailable();
            LOG.info("netsmtp sample is running: open http://127.0.0.1:"
                    + event.getWebServer().getPort() + "/ ("
                    + (server != null
                            ? "sending to the embedded SMTP server on 127.0.0.1:" + server.port()
                                    + "; start with --smtp.host=... for a real one)"
                            : "sending to the SMTP server configured in smtp.*)"));
        };
    }
}
