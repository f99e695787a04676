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
 * <p>An application whose settings say {@code smtp.tls.mode: implicit} is pointed at a server that
 * speaks STARTTLS; set {@code smtp.tls.mode} in the test to {@code starttls-required} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureSmtpTestServer {}
