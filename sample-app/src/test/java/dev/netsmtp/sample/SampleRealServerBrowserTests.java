/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static dev.netsmtp.test.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.test.Step;
import dev.netsmtp.test.autoconfigure.AutoConfigureSmtpTestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The page pointed at a real server (the test kit's, with STARTTLS and a user, as production has):
 * it says where mail goes and shows no inbox; a send shows the connection as negotiated (the TLS
 * protocol, the login), its transcript with AUTH redacted; a refusal shows the reply. A session
 * carries one message here, so every send logs in and its transcript shows it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "smtp.retry.max-attempts=1",
            "smtp.tls.mode=starttls-required",
            "smtp.auth.username=app",
            "smtp.auth.password=s3cret",
            "smtp.pool.max-messages-per-session=1"
        })
@AutoConfigureSmtpTestServer(users = "app:s3cret")
class SampleRealServerBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    SmtpTestServer smtp;

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void thePageSaysWhereMailGoesAndShowsNoInbox(int width) throws Exception {
        try (Browser b = Browser.open(width)) {
            b.load("http://127.0.0.1:" + port + "/");
            assertThat(b.driver.findElement(By.id("mode")).getText())
                    .contains("127.0.0.1:" + smtp.port(), "TLS mode starttls-required")
                    .doesNotContain("embedded");
            assertThat(b.driver.findElement(By.id("inbox-section")).isDisplayed())
                    .isFalse();

            WebElement result = b.sendWithSubject("to a real server " + width);
            assertThat(result.getText()).contains("250 2.0.0 Ok: queued as");
            // The connection as it was negotiated, on the card and in the line at the top.
            assertThat(result.getText()).containsPattern("127.0.0.1:" + smtp.port() + ", TLS TLSv1\\.[23], AUTH PLAIN");
            b.load("http://127.0.0.1:" + port + "/");
            assertThat(b.driver.findElement(By.id("mode")).getText())
                    .containsPattern("the last message went over TLSv1\\.[23]");
            result = b.driver.findElement(By.cssSelector("#results .result"));
            WebElement summary = result.findElement(By.tagName("summary"));
            assertThat(summary.getText()).contains("AUTH redacted");
            summary.click();
            String transcript =
                    result.findElement(By.cssSelector(".transcript pre")).getText();
            assertThat(transcript)
                    .contains("MAIL FROM:<sample@example.com>", "TLS established", "AUTH PLAIN ***")
                    .doesNotContain("s3cret");
            assertThat(smtp.awaitMessage())
                    .hasSubject("to a real server " + width)
                    .cameOverTls();

            smtp.failAt(Step.RCPT).reply("550 5.1.1 No such user here");
            b.fill("subject", "refused " + width);
            b.send();
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), "refused " + width));
            WebElement refused = b.driver.findElement(By.cssSelector("#results .result.failed"));
            assertThat(refused.getText()).contains("550 5.1.1 No such user here");
            // Said at the form too, where the sender looks, at both widths.
            WebElement error = b.driver.findElement(By.id("error"));
            assertThat(error.isDisplayed()).isTrue();
            assertThat(error.getText())
                    .contains("The SMTP server did not take the message", "550 5.1.1 No such user here")
                    .doesNotContain("Envelope[");

            // Stopped on the client's side (the connection dropped before any reply): titled as
            // such, never as the server's refusal, and no envelope dumped into it.
            smtp.failAt(Step.GREETING).disconnect();
            b.fill("subject", "never greeted " + width);
            b.send();
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "not sent"));
            assertThat(b.driver.findElement(By.id("error")).getText())
                    .startsWith("The message was not sent")
                    .doesNotContain("Envelope[", "did not take");
            long[] w = b.widths();
            assertThat(w[0]).isLessThanOrEqualTo(w[1]);
        }
    }
}
