/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Points {@code smtp.*} at an in-process {@link dev.netsmtp.test.SmtpTestServer} for a
 * {@code @SpringBootTest} or a slice test, and makes the server a bean to assert on what was sent
 * and to fail on cue.
 *
 * <p>The server listens on 127.0.0.1 on a free port; {@code smtp.host} and {@code smtp.port} are
 * set to it (above the application's own settings; {@code smtp.hosts} is emptied), and the
 * client trusts its certificate, so {@code smtp.tls.mode: starttls-required} and
 * {@code smtp.auth.*} work as in production. It lives as long as the test context (shared by test
 * classes with the same configuration) and is {@linkplain dev.netsmtp.test.SmtpTestServer#reset()
 * reset} before each test method. The netsmtp auto-configuration (and the JavaMailSender, when
 * Spring's mail support is present) is imported, so slice tests get it too.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureSmtpTestServer
 * class SignupTests {
 *     @Autowired SmtpTestServer smtp;
 *
 *     @Test
 *     void welcomes(@Autowired SignupService signup) {
 *         signup.register("ada@example.com");
 *         assertThat(smtp.awaitMessage()).hasRecipients("ada@example.com").hasSubject("Welcome");
 *     }
 * }
 * }</pre>
 *
 * <p>The attributes make the server the one the application meets in production, so its real
 * settings are what the test runs: {@link #users()} (a server that refuses other credentials),
 * {@link #starttls()}, {@link #chunking()}, {@link #maxMessageSize()} (SIZE, enforced) and
 * {@link #implicitTls()} (for an application with {@code smtp.tls.mode: implicit}). Test classes
 * with the same attributes share a cached context and its server; different attributes make
 * different contexts.
 *
 * <pre>{@code
 * @SpringBootTest(properties = {"smtp.tls.mode=implicit", "smtp.auth.username=app", "smtp.auth.password=s3cret"})
 * @AutoConfigureSmtpTestServer(implicitTls = true, users = "app:s3cret", maxMessageSize = 1_000_000)
 * class ProductionLikeTests { ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureSmtpTestServer {

    /**
     * The credentials the server accepts, each as {@code user:secret} (a password, or a token
     * for XOAUTH2); others are refused with 535. None (the default): any login is accepted.
     *
     * @return the users
     */
    String[] users() default {};

    /**
     * Whether the server offers STARTTLS (it does by default, as a submission server does).
     *
     * @return true to offer it
     */
    boolean starttls() default true;

    /**
     * Whether the server offers CHUNKING (BDAT); by default it does, as Postfix does.
     *
     * @return true to offer it
     */
    boolean chunking() default true;

    /**
     * The SIZE the server advertises and enforces, in bytes: a larger message is refused with
     * 552. 0 (the default) for the kit's 10 MiB.
     *
     * @return the limit, or 0
     */
    long maxMessageSize() default 0;

    /**
     * Whether the server speaks implicit TLS (RFC 8314, port 465's way) instead of offering
     * STARTTLS: for an application with {@code smtp.tls.mode: implicit}. Off by default.
     *
     * @return true for implicit TLS
     */
    boolean implicitTls() default false;
}
