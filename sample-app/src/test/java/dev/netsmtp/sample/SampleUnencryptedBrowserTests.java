/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.test.SmtpTestServer;
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
 * Opportunistic STARTTLS to a server that does not offer it: the mail goes unencrypted, and the
 * page says so, on the send's card and at the top, instead of repeating the configured mode.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "smtp.tls.mode=starttls")
@AutoConfigureSmtpTestServer(starttls = false)
class SampleUnencryptedBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    SmtpTestServer smtp;

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void thePageSaysTheMailWentUnencrypted(int width) throws Exception {
        try (Browser b = Browser.open(width)) {
            b.load("http://127.0.0.1:" + port + "/");
            WebElement result = b.sendWithSubject("in the clear " + width);
            assertThat(result.getText()).contains("127.0.0.1:" + smtp.port() + ", not encrypted, no login");
            assertThat(result.findElement(By.tagName("summary")).getText()).doesNotContain("AUTH");
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("mode"), "unencrypted"));
            assertThat(b.driver.findElement(By.id("mode")).getText())
                    .contains("TLS mode starttls", "the last message went unencrypted");
            assertThat(smtp.awaitMessageWithSubject("in the clear " + width).tls())
                    .isFalse();
            long[] w = b.widths();
            assertThat(w[0]).isLessThanOrEqualTo(w[1]);
        }
    }
}
