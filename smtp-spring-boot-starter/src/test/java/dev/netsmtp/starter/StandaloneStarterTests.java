/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.test.SmtpTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An application whose only starter is this one, run in its own JVM on exactly the starter's
 * runtime class path (no test dependency to hide a missing one): it reads its
 * {@code application.yml}, logs through Logback in Boot's format, and sends through the kit.
 * Before the starter depended on spring-boot-starter, the YAML could not be read ("snakeyaml was
 * not found") and logging fell back to java.util.logging.
 */
class StandaloneStarterTests {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void anApplicationWithOnlyTheStarterReadsItsYamlLogsAndSends() throws Exception {
        Path classpathFile = Path.of("target", "starter-runtime.classpath");
        assertThat(classpathFile).exists();
        String starterClasspath = Files.readString(classpathFile).trim();
        assertThat(starterClasspath)
                .contains("snakeyaml", "logback-classic", "smtp-spring-boot-autoconfigure")
                .as("Spring's mail support comes only with spring-boot-starter-mail")
                .doesNotContain("angus-mail", "spring-context-support");
        try (SmtpTestServer smtp = SmtpTestServer.builder().starttls(false).start()) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    starterClasspath + java.io.File.pathSeparator + Path.of("target", "test-classes"),
                    StandaloneApp.class.getName(),
                    "--smtp.port=" + smtp.port(),
                    "--subject=from the standalone app"));
            Path log = Files.createTempFile("standalone-app", ".log");
            Process app = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            String output;
            try {
                assertThat(app.waitFor(90, TimeUnit.SECONDS))
                        .as("the application ended")
                        .isTrue();
            } finally {
                app.destroyForcibly();
                output = Files.readString(log, StandardCharsets.UTF_8);
                Files.deleteIfExists(log);
            }
            assertThat(app.exitValue()).as(output).isZero();
            // Boot's Logback console format (date, level, pid, ---, thread), not java.util.logging's.
            assertThat(output).containsPattern("\\d{4}-\\d\\d-\\d\\dT\\S+\\s+INFO \\d+ --- \\[");
            assertThat(smtp.awaitMessages(1, Duration.ofSeconds(10)))
                    .singleElement()
                    .satisfies(m -> assertThat(m.subject()).isEqualTo("from the standalone app"));
            assertThat(smtp.messages().get(0).transcript())
                    .as("the helo from application.yml")
                    .anyMatch(l -> l.contains("EHLO standalone.netsmtp.test"));
        } catch (IOException e) {
            throw new AssertionError("could not run the application", e);
        }
    }
}
