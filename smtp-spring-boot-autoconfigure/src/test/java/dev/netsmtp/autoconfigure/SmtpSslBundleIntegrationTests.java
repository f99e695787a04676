package dev.netsmtp.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.netsmtp.SendResult;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.TestCertificates;
import java.io.OutputStream;
import java.nio.file.Files;
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

    private static GreenMail greenMail;
    private static Path keyStore;
    private static Path trustStore;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates cert = TestCertificates.selfSigned("localhost", "127.0.0.1");
        keyStore = cert.writeKeyStore(Files.createTempFile("netsmtp-key", ".p12"));
        trustStore = Files.createTempFile("netsmtp-trust", ".p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            cert.trustStore().store(out, "changeit".toCharArray());
        }
        System.setProperty("greenmail.tls.keystore.file", keyStore.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        greenMail.start();
        greenMail.setUser("app@example.com", "app", "s3cret");
    }

    @AfterAll
    static void stop() throws Exception {
        greenMail.stop();
        System.clearProperty("greenmail.tls.keystore.file");
        System.clearProperty("greenmail.tls.keystore.password");
        System.clearProperty("greenmail.tls.key.password");
        Files.deleteIfExists(keyStore);
        Files.deleteIfExists(trustStore);
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
