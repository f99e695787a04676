/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.starter;

import dev.netsmtp.template.SmtpOperations;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application whose only dependency is the starter: it reads {@code application.yml}, sends
 * one message through the auto-configured template, and exits. Run by {@link StandaloneStarterTests}
 * in a JVM of its own, on the starter's runtime class path.
 */
@SpringBootApplication
public class StandaloneApp {

    /**
     * Sends the message named by {@code --subject}.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = SpringApplication.run(StandaloneApp.class, args)) {
            // Whether the beans came from AOT-generated code (-Dspring.aot.enabled=true), for AotStarterTests.
            System.out.println(
                    "netsmtp standalone app: aot=" + org.springframework.aot.AotDetector.useGeneratedArtifacts());
            String subject = context.getEnvironment().getProperty("subject", "standalone");
            context.getBean(SmtpOperations.class)
                    .send("app@example.com", List.of("user@example.com"), "Subject: " + subject + "\r\n\r\nhello\r\n");
        }
    }
}
