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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
        List<String> unimported = new ArrayList<>();
        int blocks = 0;
        for (Path doc : documents()) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            // A class a block of this page or of the README declares (the user's own service, say)
            // another block may use.
            Set<String> ownTypes = declared(text);
            ownTypes.addAll(declared(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8)));
            Matcher m = JAVA_BLOCK.matcher(text);
            while (m.find()) {
                blocks++;
                String where = ROOT.relativize(doc) + ": the block starting \""
                        + m.group(1).lines().findFirst().orElse("") + "\"";
                for (String type : typesUsed(m.group(1))) {
                    if (!ownTypes.contains(type) && !imported(m.group(1), type)) {
                        unimported.add(where + " uses " + type + " without importing it");
                    }
                }
                for (String name : imports(m.group(1))) {
                    if (!exists(name, sources)) {
                        unimported.add(where + " imports " + name + ", which no source of the project has");
                    }
                }
                List<String> lines = codeLines(m.group(1)).stream()
                        .filter(line -> !line.startsWith("import"))
                        .toList();
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
                    orphans.add(where + "; closest: " + (best == null ? "none" : ROOT.relativize(best))
                            + ", which lacks " + bestMissing);
                }
            }
        }
        assertThat(blocks).as("Java blocks found").isPositive();
        assertThat(orphans).as("blocks no test holds").isEmpty();
        assertThat(unimported)
                .as("types a block uses must be imported by it, so that copying the block is enough")
                .isEmpty();
    }

    /** Names the compiler finds without an import, and names a block declares itself. */
    private static final Set<String> JAVA_LANG = Set.of(
            "String",
            "Long",
            "Integer",
            "Boolean",
            "Double",
            "Object",
            "System",
            "Thread",
            "Math",
            "Override",
            "Runnable",
            "Exception",
            "RuntimeException",
            "IllegalArgumentException",
            "IllegalStateException",
            "InterruptedException",
            "StringBuilder",
            "Iterable",
            "Void");

    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"(\\\\.|[^\"\\\\\\n])*\"");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z]\\w*)");
    private static final Pattern TYPE = Pattern.compile("(?<![.\\w])([A-Z]\\w*)\\b");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    /**
     * The type names a block uses as simple names (a capital letter not after a dot; constants in
     * capitals and the block's own declarations aside; strings and comments left out).
     */
    static Set<String> typesUsed(String block) {
        String code = withoutStrings(block);
        Set<String> declared = declared(code);
        Set<String> out = new TreeSet<>();
        Matcher t = TYPE.matcher(IMPORT.matcher(code).replaceAll(""));
        while (t.find()) {
            String name = t.group(1);
            boolean constant =
                    name.length() > 1 && name.equals(name.toUpperCase(java.util.Locale.ROOT)) && !name.equals("URI");
            if (!constant && !JAVA_LANG.contains(name) && !declared.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private static String withoutStrings(String code) {
        return STRING.matcher(TEXT_BLOCK.matcher(code).replaceAll("\"\""))
                .replaceAll("\"\"")
                .replaceAll("//.*", "");
    }

    private static Set<String> declared(String code) {
        Set<String> out = new HashSet<>();
        Matcher d = DECLARED.matcher(withoutStrings(code));
        while (d.find()) {
            out.add(d.group(1));
        }
        return out;
    }

    private static List<String> imports(String block) {
        List<String> out = new ArrayList<>();
        Matcher i = IMPORT.matcher(block);
        while (i.find()) {
            out.add(i.group(1));
        }
        return out;
    }

    private static boolean imported(String block, String type) {
        return imports(block).stream().anyMatch(name -> name.endsWith("." + type));
    }

    /** A project class has its main source; another library's class is imported by a test that compiles. */
    private static boolean exists(String name, Map<Path, String> testSources) throws IOException {
        if (name.startsWith("dev.netsmtp.")) {
            String file = "/src/main/java/" + name.replace('.', '/') + ".java";
            try (Stream<Path> all = Files.walk(ROOT, 12)) {
                return all.anyMatch(
                        p -> p.toString().endsWith(file) && !p.toString().contains("/target/"));
            }
        }
        if (name.startsWith("java.")) {
            try {
                Class.forName(name, false, DocsCodeBlocksTests.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
        String bare = "import" + name + ";";
        return testSources.values().stream().anyMatch(source -> source.contains(bare));
    }

    @Test
    void theImportRuleSeesTypesAndNotConstantsOrStrings() {
        assertThat(typesUsed("import a.B;\nB b = new C(D.d(), E.F, \"G H\"); // I\nclass J { K k; }\n"
                        + "String s = \"\"\"\n  L: m\n  \"\"\";\n"))
                .containsExactly("B", "C", "D", "E", "K");
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
