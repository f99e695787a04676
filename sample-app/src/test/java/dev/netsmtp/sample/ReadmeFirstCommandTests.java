/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as written (offline, and on a free port instead of 8080), run in a
 * copy of the project without any build output, as a fresh clone is: it builds what the sample
 * needs, starts it on its embedded SMTP server with no settings, logs its address, takes a message,
 * and the embedded server receives it. A change to the command, the build or the embedded default
 * that breaks a new user's first minutes fails here.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ReadmeFirstCommandTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern RUNNING =
            Pattern.compile("netsmtp sample is running: open (http://127\\.0\\.0\\.1:\\d+/)");

    /** The first line of the README's first shell block, its comment dropped. */
    static List<String> firstCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```sh\\n(.*?)\\n", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("a shell block in the README").isTrue();
        String line = block.group(1);
        int comment = line.indexOf('#');
        List<String> words = new ArrayList<>(List.of(
                (comment >= 0 ? line.substring(0, comment) : line).trim().split("\\s+")));
        assertThat(words).as("the README's first command").startsWith("mvn").contains("spring-boot:test-run");
        return words;
    }

    /** The project's sources, without build output or the git directory: what a clone has. */
    private static void copySources(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path relative = from.relativize(p);
                if (relative.toString().isEmpty()) {
                    continue;
                }
                String first = relative.getName(0).toString();
                boolean skipped = first.equals(".git")
                        || first.equals(".idea")
                        || StreamSupport.stream(relative.spliterator(), false)
                                .anyMatch(part -> part.toString().equals("target"));
                if (skipped) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to.resolve(relative));
                } else {
                    Files.copy(p, to.resolve(relative));
                }
            }
        }
    }

    @Test
    void theReadmesFirstCommandStartsTheSampleOnItsEmbeddedServer(@TempDir Path clone) throws Exception {
        copySources(ROOT, clone);
        List<String> command = new ArrayList<>(firstCommand());
        command.set(0, maven());
        // Tests reach loopback only, and the machine may already use 8080.
        command.add(1, "-o");
        command.add("-Dspring-boot.run.arguments=--server.port=0");
        String repository = System.getProperty("maven.repo.local");
        if (repository != null && !repository.isBlank()) {
            command.add(1, "-Dmaven.repo.local=" + repository);
        }
        Process maven = new ProcessBuilder(command)
                .directory(clone.toFile())
                .redirectErrorStream(true)
                .start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(maven.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    synchronized (output) {
                        output.append(l).append('\n');
                    }
                    Matcher m = RUNNING.matcher(l);
                    if (m.find()) {
                        address.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                address.completeExceptionally(e);
            }
            address.completeExceptionally(new IllegalStateException("the command ended without starting the sample"));
        });
        reader.setDaemon(true);
        reader.start();
        try {
            String url;
            try {
                url = address.get(6, TimeUnit.MINUTES);
            } catch (Exception e) {
                synchronized (output) {
                    throw new AssertionError(
                            "the README's first command " + command + " did not start the sample:\n" + output, e);
                }
            }
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<String> sent = http.send(
                    HttpRequest.newBuilder(URI.create(url + "api/messages"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"first@example.com\","
                                    + "\"to\":\"minute@example.com\",\"subject\":\"first minute\",\"body\":\"hi\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            assertThat(sent.body()).contains("\"outcome\":\"sent\"", "\"accepted\":[\"minute@example.com\"]");
            String inbox = http.send(
                            HttpRequest.newBuilder(URI.create(url + "api/messages"))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(inbox).contains("\"embedded\":true", "first minute");
        } finally {
            maven.descendants().forEach(ProcessHandle::destroy);
            maven.destroy();
            if (!maven.waitFor(30, TimeUnit.SECONDS)) {
                maven.descendants().forEach(ProcessHandle::destroyForcibly);
                maven.destroyForcibly();
            }
        }
    }

    /** The Maven running this build when it says where it is, else the one on the PATH. */
    private static String maven() {
        String home = System.getProperty("maven.home");
        if (home != null && !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }
}
