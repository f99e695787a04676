/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import org.springframework.boot.SpringApplication;

/**
 * The sample on its embedded default, for trying it with nothing to configure: the README's first
 * command runs it ({@code mvn spring-boot:test-run}). With no {@code smtp.host} the test class
 * path's {@link EmbeddedSmtpEnvironment} starts a GreenMail SMTP server on 127.0.0.1 and points
 * {@code smtp.*} at it. The embedded server is test code so that the packaged application, and
 * Spring AOT processing of it, never start one.
 */
public final class TestSampleApplication {

    private TestSampleApplication() {}

    /**
     * Starts the sample.
     *
     * @param args Spring Boot arguments; {@code --smtp.host=...} sends to a real server instead
     */
    public static void main(String[] args) {
        SpringApplication.from(SampleApplication::main).run(args);
    }
}
