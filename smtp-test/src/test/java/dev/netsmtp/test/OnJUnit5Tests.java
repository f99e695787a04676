/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kit on JUnit Jupiter 5.13, in a JVM of its own with exactly that JUnit and the kit's runtime
 * class path (which brings no JUnit of its own): a test written as an application writes one passes there, as on the Boot
 * BOM's JUnit 6 that the build uses.
 */
class OnJUnit5Tests {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theExtensionWorksOnJupiter513() throws Exception {
        String kit =
                Files.readString(Path.of("target", "kit-runtime.classpath")).trim();
        assertThat(kit)
                .as("the kit brings no JUnit: the application's own is used")
                .doesNotContain("junit");
        String junit5;
        try (Stream<Path> jars = Files.list(Path.of("target", "junit5"))) {
            junit5 = jars.map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        }
        assertThat(junit5).contains("junit-jupiter-engine-5.13.4", "junit-platform-launcher-1.13.4");
        String classpath = String.join(
                File.pathSeparator,
                junit5,
                kit,
                Path.of("target", "classes").toString(),
                Path.of("target", "test-classes").toString());
        Path log = Files.createTempFile("junit5", ".log");
        Process p = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        RunOnJUnitPlatform.class.getName(),
                        AsAnApplicationUsesItTests.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(output).contains("jupiter=5.13.4");
            assertThat(p.exitValue()).as(output).isZero();
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
