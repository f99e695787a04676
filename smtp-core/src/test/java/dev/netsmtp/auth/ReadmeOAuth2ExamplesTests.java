/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.auth.oauth2.ClientCredentialsGrant;
import dev.netsmtp.auth.oauth2.RefreshTokenGrant;
import dev.netsmtp.auth.oauth2.RefreshTokenStore;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.tls.TlsMode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's two OAuth2 blocks for the core, as they stand but for where the secrets come from
 * (the README reads environment variables; here they are set): they compile and build a
 * configuration without touching the network (tokens are asked for at the first login). Every
 * line of each block is checked to be in the README, so the two cannot drift apart.
 */
class ReadmeOAuth2ExamplesTests {

    private static final String tenant = "tenant-1";
    private static final String clientId = "client-1";

    private static final class System {
        static String getenv(String name) {
            return "secret-for-" + name;
        }
    }

    @Test
    void microsoft365() {
        // Microsoft 365: the app's own identity (client credentials), the mailbox as the XOAUTH2 user.
        TokenSource tokens = ClientCredentialsGrant.builder(
                        URI.create("https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token"))
                .clientId(clientId)
                .clientSecret(System.getenv("M365_CLIENT_SECRET"))
                .scope("https://outlook.office365.com/.default")
                .build();
        SmtpConfig config = SmtpConfig.builder()
                .host("smtp.office365.com")
                .port(587)
                .tls(TlsMode.STARTTLS_REQUIRED)
                .oauth2("mailbox@contoso.com", tokens)
                .build();
        assertThat(config.credentials())
                .hasValueSatisfying(c -> assertThat(c.hasToken()).isTrue());
        assertThat(tokens.toString()).doesNotContain("secret-for");
    }

    @Test
    void gmail() {
        // Gmail: a refresh token from the user's consent, kept in a file; a rotated one replaces it there.
        TokenSource tokens = RefreshTokenGrant.builder(URI.create("https://oauth2.googleapis.com/token"))
                .clientId(clientId)
                .clientSecret(System.getenv("GMAIL_CLIENT_SECRET"))
                .store(RefreshTokenStore.file(Path.of("/var/lib/app/gmail-refresh-token")))
                .build();
        SmtpConfig config = SmtpConfig.builder()
                .host("smtp.gmail.com")
                .port(465)
                .tls(TlsMode.IMPLICIT)
                .oauth2("me@gmail.com", tokens)
                .build();
        assertThat(config.credentials())
                .hasValueSatisfying(c -> assertThat(c.hasToken()).isTrue());
    }

    @Test
    void everyLineOfTheseExamplesIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("..", "docs", "tls-and-auth.md"));
        String source = Files.readString(Path.of("src/test/java/dev/netsmtp/auth/ReadmeOAuth2ExamplesTests.java"));
        List<String> lines = new ArrayList<>();
        for (String method : List.of("void microsoft365() {", "void gmail() {")) {
            int start = source.indexOf(method) + method.length();
            int end = source.indexOf("        assertThat", start);
            for (String line : source.substring(start, end).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        assertThat(lines).hasSizeGreaterThan(20);
        for (String line : lines) {
            assertThat(readme).as("docs/tls-and-auth.md has: %s", line).contains(line);
        }
    }
}
