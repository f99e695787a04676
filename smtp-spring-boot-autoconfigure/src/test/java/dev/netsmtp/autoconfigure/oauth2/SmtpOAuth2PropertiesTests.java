/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.auth.AccessToken;
import dev.netsmtp.auth.TokenSource;
import dev.netsmtp.autoconfigure.InvalidSmtpPropertyException;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

/**
 * {@code smtp.auth.oauth2.*} that cannot work fails at start-up naming the property: a
 * registration that does not exist, no user name, a refresh-token registration with nothing to
 * start from, a password beside the tokens, Spring Security's OAuth2 client missing; and two
 * token sources are refused, one of the application's own is used.
 */
@Timeout(60)
class SmtpOAuth2PropertiesTests {

    private static final String CLIENT = "spring.security.oauth2.client.";

    private static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class,
                    OAuth2ClientAutoConfiguration.class,
                    SmtpOAuth2AutoConfiguration.class,
                    SmtpAutoConfiguration.class))
            .withPropertyValues(
                    "smtp.host=127.0.0.1",
                    CLIENT + "registration.app.provider=local",
                    CLIENT + "registration.app.client-id=app",
                    CLIENT + "registration.app.client-secret=zq7-secret",
                    CLIENT + "registration.app.authorization-grant-type=client_credentials",
                    CLIENT + "registration.user.provider=local",
                    CLIENT + "registration.user.client-id=user",
                    CLIENT + "registration.user.client-secret=zq7-secret",
                    CLIENT + "registration.user.authorization-grant-type=authorization_code",
                    CLIENT + "registration.user.redirect-uri=http://127.0.0.1/cb",
                    CLIENT + "provider.local.token-uri=http://127.0.0.1:9/token",
                    CLIENT + "provider.local.authorization-uri=http://127.0.0.1:9/authorize");

    private static InvalidSmtpPropertyException failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable t = context.getStartupFailure();
        while (t != null && !(t instanceof InvalidSmtpPropertyException)) {
            t = t.getCause();
        }
        assertThat(t)
                .as("an InvalidSmtpPropertyException in %s", context.getStartupFailure())
                .isNotNull();
        assertThat(t.getMessage()).doesNotContain("zq7-secret");
        return (InvalidSmtpPropertyException) t;
    }

    @Test
    void aRegistrationThatDoesNotExistIsNamedWithTheKnownOnes() {
        RUNNER.withPropertyValues("smtp.auth.username=a@example.com", "smtp.auth.oauth2.registration-id=nope")
                .run(context -> {
                    InvalidSmtpPropertyException e = failure(context);
                    assertThat(e.property()).isEqualTo("smtp.auth.oauth2.registration-id");
                    assertThat(e.getMessage()).contains("'nope'", "app", "user");
                });
    }

    @Test
    void aRegistrationWithoutAUserNameIsRefused() {
        RUNNER.withPropertyValues("smtp.auth.oauth2.registration-id=app")
                .run(context -> assertThat(failure(context).property()).isEqualTo("smtp.auth.username"));
    }

    @Test
    void aRefreshTokenRegistrationWithNothingToStartFromIsRefused() {
        RUNNER.withPropertyValues("smtp.auth.username=a@example.com", "smtp.auth.oauth2.registration-id=user")
                .run(context -> {
                    InvalidSmtpPropertyException e = failure(context);
                    assertThat(e.property()).isEqualTo("smtp.auth.oauth2.refresh-token");
                    assertThat(e.getMessage()).contains("authorization_code");
                });
    }

    @Test
    void aPasswordBesideTheTokensIsRefused() {
        RUNNER.withPropertyValues(
                        "smtp.auth.username=a@example.com",
                        "smtp.auth.password=zq7-secret",
                        "smtp.auth.oauth2.registration-id=app")
                .run(context -> assertThat(failure(context).property()).isEqualTo("smtp.auth.password"));
    }

    @Test
    void withoutSpringSecuritysOauth2ClientTheRegistrationIdSaysWhatToAdd() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SslAutoConfiguration.class, SmtpOAuth2AutoConfiguration.class, SmtpAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(OAuth2AuthorizedClientManager.class))
                .withPropertyValues(
                        "smtp.host=127.0.0.1",
                        "smtp.auth.username=a@example.com",
                        "smtp.auth.oauth2.registration-id=app")
                .run(context -> {
                    InvalidSmtpPropertyException e = failure(context);
                    assertThat(e.property()).isEqualTo("smtp.auth.oauth2.registration-id");
                    assertThat(e.getMessage()).contains("spring-boot-starter-security-oauth2-client");
                });
    }

    @Test
    void anApplicationsOwnTokenSourceIsUsedAndTwoAreRefused() {
        TokenSource own = () -> AccessToken.withoutExpiry("own");
        RUNNER.withPropertyValues("smtp.auth.username=a@example.com")
                .withBean("ownTokens", TokenSource.class, () -> own)
                .run(context -> assertThat(context).hasNotFailed());
        RUNNER.withPropertyValues("smtp.auth.username=a@example.com", "smtp.auth.oauth2.registration-id=app")
                .withBean("ownTokens", TokenSource.class, () -> own)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("one OAuth2 TokenSource");
                });
    }
}
