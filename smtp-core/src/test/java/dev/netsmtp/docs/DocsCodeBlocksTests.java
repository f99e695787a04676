/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java code block of the README, {@code docs/} and the module READMEs stands, line for line
 * (spaces and comments aside), in one test source of the project: so it compiles, and the test that
 * holds it runs it. A block that drifts from the API, or that no test holds, fails here with its
 * file, its first line, the test source that holds most of it and the lines that one lacks.
 */
class DocsCodeBlocksTests {

    private static final Path ROOT = Path.of("..");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaBlockStandsInATestSource() throws IOException {
        Map<Path, String> sources = testSources();
        assertThat(sources).as("the project's test sources").isNotEmpty();
        List<String> orphans = new ArrayList<>();
        int blocks = 0;
        for (Path doc : documents()) {
            Matcher m = JAVA_BLOCK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                blocks++;
                List<String> lines = codeLines(m.group(1));
                Path best = null;
                List<String> bestMissing = lines;
                for (Map.Entry<Path, String> source : sources.entrySet()) {
                    List<String> missing = missing(lines, source.getValue());
                    if (missing.size() < bestMissing.size()) {
                        best = source.getKey();
                        bestMissing = missing;
                    }
                    if (missing.isEmpty()) {
                        break;
                    }
                }
                if (!bestMissing.isEmpty()) {
                    orphans.add(ROOT.relativize(doc) + ": the block starting \""
                            + m.group(1).lines().findFirst().orElse("") + "\"; closest: "
                            + (best == null ? "none" : ROOT.relativize(best)) + ", which lacks " + bestMissing);
                }
            }
        }
        assertThat(blocks).as("Java blocks found").isPositive();
        assertThat(orphans).as("blocks no test holds").isEmpty();
    }

    /** The block's code lines without spaces; blank lines, comments and elisions dropped. */
    private static List<String> codeLines(String block) {
        List<String> out = new ArrayList<>();
        for (String line : block.split("\n")) {
            int comment = line.indexOf(" // ");
            String code = comment >= 0 ? line.substring(0, comment) : line;
            String bare = code.replaceAll("\\s+", "");
            if (!bare.isEmpty() && !bare.startsWith("//") && !bare.equals("...")) {
                out.add(bare);
            }
        }
        return out;
    }

    /** The lines the source does not have. */
    private static List<String> missing(List<String> lines, String source) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (!source.contains(line)) {
                out.add(line);
            }
        }
        return out;
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        for (String name : new String[] {"BENCHMARKS.md", "CONTRIBUTING.md"}) {
            if (Files.exists(ROOT.resolve(name))) {
                docs.add(ROOT.resolve(name));
            }
        }
        try (Stream<Path> all = Files.walk(ROOT, 3)) {
            all.filter(p -> p.toString().endsWith(".md"))
                    .filter(p ->
                            !p.toString().contains("target") && !p.toString().contains("node_modules"))
                    .filter(p -> p.getParent() != null
                            && (p.getParent().getFileName().toString().equals("docs")
                                    || (p.getFileName().toString().equals("README.md")
                                            && !p.getParent().equals(ROOT)
                                            && Files.exists(p.getParent().resolve("pom.xml")))))
                    .sorted()
                    .forEach(docs::add);
        }
        return docs;
    }

    private static Map<Path, String> testSources() throws IOException {
        Map<Path, String> out = new LinkedHashMap<>();
        try (Stream<Path> all = Files.walk(ROOT, 12)) {
            for (Path p : (Iterable<Path>) all.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/test/java/"))
                    .filter(f -> !f.toString().contains("/target/"))
                    .sorted()::iterator) {
                out.put(p, Files.readString(p, StandardCharsets.UTF_8).replaceAll("\\s+", ""));
            }
        }
        return out;
    }
}
