/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.test.SmtpTestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spring AOT on an application whose only starter is this one, as {@code spring-boot:process-aot}
 * does it: {@code SpringApplicationAotProcessor} generates the bean definitions and hints from the
 * application's {@code application.yml}, they are compiled, and the application then runs on them
 * with {@code -Dspring.aot.enabled=true} and sends. What a native image would run, short of
 * GraalVM (which these machines lack).
 */
class AotStarterTests {

    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theProcessedApplicationSendsInAotMode(@TempDir Path aot) throws Exception {
        String classpath =
                Files.readString(Path.of("target", "starter-runtime.classpath")).trim()
                        + File.pathSeparator
                        + Path.of("target", "test-classes");
        Path sources = aot.resolve("sources");
        Path resources = aot.resolve("resources");
        Path classes = aot.resolve("classes");

        // 1. process-aot: the main class's context is refreshed for AOT, never run.
        String processed = run(List.of(
                JAVA,
                "-cp",
                classpath,
                "org.springframework.boot.SpringApplicationAotProcessor",
                StandaloneApp.class.getName(),
                sources.toString(),
                resources.toString(),
                classes.toString(),
                "dev.netsmtp",
                "standalone-app"));
        List<Path> generated;
        try (Stream<Path> files = Files.walk(sources)) {
            generated = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(generated).as(processed).anySatisfy(p -> assertThat(p.toString())
                .contains("SmtpAutoConfiguration"));
        String hints;
        try (Stream<Path> files = Files.walk(resources)) {
            hints = files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> {
                        try {
                            return p + ": " + Files.readString(p);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .reduce("", String::concat);
        }
        assertThat(hints)
                .as("the runtime hints, the metadata resource among them")
                .contains("spring-configuration-metadata.json");

        // 2. compile what was generated.
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classpath, "-proc:none"));
        generated.forEach(p -> args.add(p.toString()));
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();

        // 3. run on the generated code and send.
        try (SmtpTestServer smtp = SmtpTestServer.builder().starttls(false).start()) {
            String output = run(List.of(
                    JAVA,
                    "-Dspring.aot.enabled=true",
                    "-cp",
                    classes + File.pathSeparator + resources + File.pathSeparator + classpath,
                    StandaloneApp.class.getName(),
                    "--smtp.port=" + smtp.port(),
                    "--subject=sent in AOT mode"));
            assertThat(output).contains("netsmtp standalone app: aot=true");
            assertThat(smtp.awaitMessages(1, Duration.ofSeconds(10)))
                    .singleElement()
                    .satisfies(m -> assertThat(m.subject()).isEqualTo("sent in AOT mode"));
        }
    }

    /** Runs a JVM to its end; its output, or a failure with the output. */
    private static String run(List<String> command) throws Exception {
        Path log = Files.createTempFile("aot-starter", ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the JVM ended").isTrue();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            return output;
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
