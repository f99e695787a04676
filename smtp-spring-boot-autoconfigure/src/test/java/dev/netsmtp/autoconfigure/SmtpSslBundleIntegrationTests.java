package dev.netsmtp.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.netsmtp.SendResult;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.GreenMailSmtps;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** smtp.ssl.bundle wires a Spring SSL bundle's trust material into implicit TLS, against GreenMail SMTPS. */
class SmtpSslBundleIntegrationTests {

    private static GreenMailSmtps smtps;
    private static GreenMail greenMail;
    private static Path trustStore;

    @BeforeAll
    static void start() throws Exception {
        smtps = GreenMailSmtps.start("app@example.com", "app", "s3cret");
        greenMail = smtps.greenMail();
        trustStore = smtps.trustStoreFile();
    }

    @AfterAll
    static void stop() throws Exception {
        smtps.close();
    }

    @Test
    void implicitTlsTrustsTheBundleAndAuthenticates() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SmtpAutoConfiguration.class))
                .withPropertyValues(
                        "spring.ssl.bundle.jks.mail.truststore.location=file:" + trustStore,
                        "spring.ssl.bundle.jks.mail.truststore.password=changeit",
                        "spring.ssl.bundle.jks.mail.truststore.type=PKCS12",
                        "smtp.host=127.0.0.1",
                        "smtp.port=" + greenMail.getSmtps().getPort(),
                        "smtp.tls.mode=implicit",
                        "smtp.ssl.bundle=mail",
                        "smtp.auth.username=app",
                        "smtp.auth.password=s3cret")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SendResult result = context.getBean(SmtpTemplate.class)
                            .send("app@example.com", List.of("to@example.com"), "Subject: bundle\r\n\r\nhi\r\n");
                    assertThat(result.reply().code()).isEqualTo(250);
                });
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }
}
