/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.auth.TokenSource;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.session.SmtpSessionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * The README's Microsoft 365 and Gmail configurations, read from the README as they stand and
 * bound with their variables set: the application starts, the registration is what the README
 * says, and the token source is Spring Security's. Nothing goes to the network: tokens are asked
 * for at the first login only.
 */
@Timeout(60)
class ReadmeOAuth2ConfigurationTests {

    private static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class,
                    OAuth2ClientAutoConfiguration.class,
                    SmtpOAuth2AutoConfiguration.class,
                    SmtpAutoConfiguration.class));

    /** The yaml blocks of the README's OAuth2 section, in order. */
    static List<String> yamlBlocks() throws IOException {
        String readme = Files.readString(Path.of("..", "docs", "spring-boot.md"));
        int start = readme.indexOf("## OAuth2 that runs unattended");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end);
        List<String> blocks = new ArrayList<>();
        int at = 0;
        while ((at = section.indexOf("```yaml\n", at)) >= 0) {
            int close = section.indexOf("```", at + 8);
            blocks.add(section.substring(at + 8, close));
            at = close + 3;
        }
        return blocks;
    }

    static String[] properties(String yaml, String... variables) {
        YamlPropertiesFactoryBean factory = new YamlPropertiesFactoryBean();
        factory.setResources(new ByteArrayResource(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Properties p = factory.getObject();
        List<String> out = new ArrayList<>();
        p.forEach((k, v) -> out.add(k + "=" + v));
        out.addAll(List.of(variables));
        return out.toArray(String[]::new);
    }

    @Test
    void theReadmeHasTheTwoProviderBlocks() throws IOException {
        assertThat(yamlBlocks()).hasSize(2);
        assertThat(yamlBlocks().get(0)).contains("smtp.office365.com", "https://outlook.office365.com/.default");
        assertThat(yamlBlocks().get(1)).contains("smtp.gmail.com", "https://mail.google.com/");
    }

    @Test
    void microsoft365ByPropertiesOnly() throws IOException {
        RUNNER.withPropertyValues(properties(
                        yamlBlocks().get(0),
                        "M365_CLIENT_ID=client-1",
                        "M365_CLIENT_SECRET=secret-1",
                        "M365_TENANT_ID=tenant-1"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(SmtpSessionFactory.class);
                    ClientRegistration m365 =
                            context.getBean(ClientRegistrationRepository.class).findByRegistrationId("m365");
                    assertThat(m365.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.CLIENT_CREDENTIALS);
                    assertThat(m365.getProviderDetails().getTokenUri())
                            .isEqualTo("https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token");
                    assertThat(m365.getScopes()).containsExactly("https://outlook.office365.com/.default");
                    assertThat(context.getBean(TokenSource.class).toString())
                            .contains("registration m365", "principal mailbox@contoso.com")
                            .doesNotContain("secret-1");
                });
    }

    @Test
    void gmailByPropertiesOnlyStartsFromTheRefreshToken() throws IOException {
        RUNNER.withPropertyValues(properties(
                        yamlBlocks().get(1),
                        "GMAIL_CLIENT_ID=client-2",
                        "GMAIL_CLIENT_SECRET=secret-2",
                        "GMAIL_REFRESH_TOKEN=refresh-2"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(SmtpSessionFactory.class);
                    ClientRegistration gmail =
                            context.getBean(ClientRegistrationRepository.class).findByRegistrationId("gmail");
                    assertThat(gmail.getProviderDetails().getTokenUri()).contains("googleapis.com");
                    OAuth2AuthorizedClient seeded = context.getBean(OAuth2AuthorizedClientService.class)
                            .loadAuthorizedClient("gmail", "me@gmail.com");
                    assertThat(seeded.getRefreshToken().getTokenValue()).isEqualTo("refresh-2");
                    assertThat(seeded.getAccessToken().getExpiresAt()).isInThePast();
                });
    }
}
