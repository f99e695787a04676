/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.autoconfigure.SmtpProperties;
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
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * Every YAML block of the README and {@code docs/} that sets {@code smtp.*} binds to
 * {@link SmtpProperties} as Boot binds it, with no key left over: a misspelt or removed property,
 * or a value of the wrong kind, fails here with its page and block. ({@code smtp.outbox.*} belongs
 * to the outbox module, whose {@code ReadmeOutboxTests} binds its block.)
 */
class DocsYamlBlocksTests {

    private static final Path ROOT = Path.of("..");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everySmtpKeyOfEveryYamlBlockBinds() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        int bound = 0;
        for (Path page : pages) {
            Matcher m = YAML_BLOCK.matcher(Files.readString(page, StandardCharsets.UTF_8));
            while (m.find()) {
                Map<String, Object> smtp = smtpKeys(m.group(1));
                if (smtp.isEmpty()) {
                    continue;
                }
                String where = ROOT.relativize(page) + ", the block starting \""
                        + m.group(1).lines().findFirst().orElse("") + "\"";
                Binder binder = new Binder(new MapConfigurationPropertySource(smtp));
                try {
                    assertThat(binder.bind(
                                            "smtp",
                                            Bindable.of(SmtpProperties.class),
                                            new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
                                    .isBound())
                            .as(where)
                            .isTrue();
                } catch (RuntimeException e) {
                    throw new AssertionError(where + " does not bind: " + e.getMessage(), e);
                }
                bound++;
            }
        }
        assertThat(bound).as("YAML blocks with smtp.* keys").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aMisspeltKeyFails() throws IOException {
        Map<String, Object> smtp = smtpKeys("smtp:\n  host: mail.example.com\n  tls:\n    mood: implicit\n");
        Binder binder = new Binder(new MapConfigurationPropertySource(smtp));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> binder.bind(
                        "smtp",
                        Bindable.of(SmtpProperties.class),
                        new NoUnboundElementsBindHandler(BindHandler.DEFAULT)))
                .hasStackTraceContaining("smtp.tls.mood");
    }

    /** The block's {@code smtp.*} properties, {@code smtp.outbox.*} aside. */
    private static Map<String, Object> smtpKeys(String yaml) throws IOException {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                .load("block", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> out = new LinkedHashMap<>();
        for (PropertySource<?> source : sources) {
            EnumerablePropertySource<?> e = (EnumerablePropertySource<?>) source;
            for (String name : e.getPropertyNames()) {
                if (name.startsWith("smtp.") && !name.startsWith("smtp.outbox.")) {
                    out.put(name, String.valueOf(e.getProperty(name)));
                }
            }
        }
        return out;
    }
}
