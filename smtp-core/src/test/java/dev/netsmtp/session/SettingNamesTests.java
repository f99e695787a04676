/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every piece of advice the core gives names a setting through {@link SettingNames}, so an
 * integration that builds the configuration from its own properties (Spring Boot's smtp.*) is
 * named in all of them: no string literal of the main sources spells a builder call itself.
 */
class SettingNamesTests {

    /** A builder call that advises a setting, inside a string literal. */
    private static final Pattern SPELLED = Pattern.compile(
            "\"[^\"]*(tls\\(TlsMode\\.|allowAuthWithoutTls\\(|tlsVerifyCertificate\\(|tlsVerifyHostname\\(|"
                    + "clientCertificate\\(|sslContext\\()[^\"]*\"");

    @Test
    void noMessageOfTheCoreSpellsABuilderCallOutsideSettingNames() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (file.endsWith("SettingNames.java")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).trim();
                    if (line.startsWith("*") || line.startsWith("/")) {
                        continue; // javadoc and comments may name the builder
                    }
                    Matcher m = SPELLED.matcher(line);
                    if (m.find()) {
                        found.add(file + ":" + (i + 1) + ": " + m.group());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theBuilderNamesEverySettingAsACall() {
        for (SettingNames.Setting s : SettingNames.Setting.values()) {
            assertThat(SettingNames.BUILDER.name(s, "X")).as(s.name()).contains("(");
        }
    }
}
