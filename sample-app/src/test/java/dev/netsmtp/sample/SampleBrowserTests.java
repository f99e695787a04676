/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The page in a real browser at a desktop width (1280 px) and a phone's (390 px), asserting what
 * a person would see: decoded text, the error next to its field, the transcript, results that
 * survive a reload, the inbox newest first with long bodies cut, and no sideways scrolling.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSmtpServer embedded;

    private String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    private static void assertNoSidewaysScroll(Browser b) {
        long[] w = b.widths();
        assertThat(w[0]).as("page width vs window width").isLessThanOrEqualTo(w[1]);
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void aSentMessageShowsDecodedWithItsTranscriptAndSurvivesAReload(int width) throws Exception {
        try (Browser b = Browser.open(width)) {
            b.load(url());
            assertThat(b.driver.findElement(By.id("mode")).getText()).contains("embedded SMTP server");
            String subject = "Grüße " + width;
            b.fill("subject", subject);
            b.fill("to", "leser@example.com");
            b.fill("body", "Grüße aus Köln, schöne Woche! " + width);
            b.send();
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), subject));
            WebElement result = b.driver.findElement(By.cssSelector("#results .result"));
            assertThat(result.getText())
                    .contains("leser@example.com", "250", "SmtpTemplate", "not encrypted, no login");
            assertThat(result.findElement(By.tagName("summary")).getText())
                    .as("no AUTH on the embedded server, so nothing said about redacting it")
                    .doesNotContain("AUTH");
            result.findElement(By.tagName("summary")).click();
            assertThat(result.findElement(By.cssSelector(".transcript pre")).getText())
                    .contains("MAIL FROM:<sample@example.com>", "RCPT TO:<leser@example.com>");
            // The inbox shows the text as a reader would, not its bytes as Latin-1.
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("inbox"), "Grüße aus Köln, schöne Woche! " + width));
            assertThat(b.driver.findElement(By.id("inbox")).getText()).doesNotContain("Ã");
            assertNoSidewaysScroll(b);

            // A second message goes on top, sent this time with Spring's JavaMailSender; a reload
            // keeps the results.
            b.fill("subject", "second " + width);
            new Select(b.driver.findElement(By.id("via"))).selectByValue("JAVA_MAIL_SENDER");
            b.send();
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), "second " + width));
            assertThat(b.driver.findElement(By.cssSelector("#results .result")).getText())
                    .contains("JavaMailSender", "returns nothing for a sent message");
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbox"), "second " + width));
            assertThat(b.driver
                            .findElement(By.cssSelector("#inbox .inbox-message h3"))
                            .getText())
                    .isEqualTo("second " + width);
            b.driver.navigate().refresh();
            b.load(url());
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), "second " + width));
            List<WebElement> results = b.driver.findElements(By.cssSelector("#results .result h3"));
            assertThat(results.get(0).getText()).startsWith("second " + width);
            assertThat(b.driver.findElement(By.id("results")).getText()).contains(subject);
            assertNoSidewaysScroll(b);
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void longSubjectsAndManyRecipientsAreCutOnScreen(int width) throws Exception {
        try (Browser b = Browser.open(width)) {
            b.load(url());
            String subject = "long " + width + " " + "x".repeat(300);
            StringBuilder to = new StringBuilder();
            for (int i = 0; i < 250; i++) {
                to.append(i == 0 ? "" : ", ").append("many").append(i).append("@example.com");
            }
            b.fill("subject", subject);
            b.fill("to", to.toString());
            b.send();
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), "long " + width));
            WebElement result = b.driver.findElement(By.cssSelector("#results .result"));
            String heading = result.findElement(By.tagName("h3")).getText();
            assertThat(heading)
                    .as("the subject cut to a line's worth")
                    .hasSizeLessThan(140)
                    .contains("…");
            assertThat(result.findElement(By.tagName("h3")).getAttribute("title"))
                    .isEqualTo(subject);
            assertThat(result.getText())
                    .contains("many9@example.com", "and 240 more")
                    .doesNotContain("many249@example.com");
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbox"), "long " + width));
            assertThat(b.driver
                            .findElement(By.cssSelector("#inbox .inbox-message"))
                            .getText())
                    .contains("and 240 more")
                    .doesNotContain("many249@example.com");
            assertNoSidewaysScroll(b);
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void displayNamesAndQuotedCommasAreTakenAndSpacesAreRefusedNextToTo(int width) throws Exception {
        try (Browser b = Browser.open(width)) {
            b.load(url());
            b.fill("from", "Ann Lee <ann@example.com>");
            b.fill("to", "\"Lee, Bob\" <bob" + width + "@example.com>, carol" + width + "@example.com");
            WebElement result = b.sendWithSubject("names " + width);
            assertThat(result.getText())
                    .contains("bob" + width + "@example.com, carol" + width + "@example.com")
                    .doesNotContain("Refused");
            assertThat(b.driver.findElement(By.id("error")).getText()).isEmpty();

            int before = embedded.messages().size();
            b.fill("to", "one@example.com two@example.com");
            b.fill("subject", "spaces " + width);
            b.send();
            b.wait.until(
                    ExpectedConditions.textToBePresentInElementLocated(By.id("error-to"), "has a space at index 15"));
            assertThat(b.driver.findElement(By.id("to")).getAttribute("aria-invalid"))
                    .isEqualTo("true");
            assertThat(embedded.messages()).hasSize(before);
            assertNoSidewaysScroll(b);
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void aSubjectWithALineBreakIsRefusedNextToTheFieldAndNothingIsSent(int width) throws Exception {
        try (Browser b = Browser.open(width)) {
            b.load(url());
            int before = embedded.messages().size();
            WebElement subject = b.driver.findElement(By.id("subject"));
            subject.clear();
            subject.sendKeys("first line", Keys.ENTER, "Bcc: evil@example.com");
            b.send();
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error-subject"), "one line"));
            assertThat(subject.getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(embedded.messages()).hasSize(before);

            b.fill("to", "");
            b.fill("subject", "fine");
            b.send();
            b.wait.until(
                    ExpectedConditions.textToBePresentInElementLocated(By.id("error-to"), "at least one recipient"));
            assertThat(b.driver.findElement(By.id("error-subject")).getText()).isEmpty();
            assertNoSidewaysScroll(b);
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void aHugeBodyIsCutInTheListWithTheRawMessageOneClickAway(int width) throws Exception {
        try (Browser b = Browser.open(width)) {
            b.load(url());
            String subject = "huge " + width;
            b.fill("subject", subject);
            // 2 MB in one unbroken word: neither the list nor the page may grow sideways.
            b.script("document.getElementById('body').value = 'x'.repeat(2 * 1024 * 1024);");
            b.send();
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbox"), subject));
            WebElement card = b.driver.findElement(By.cssSelector("#inbox .inbox-message"));
            assertThat(card.findElement(By.tagName("h3")).getText()).isEqualTo(subject);
            assertThat(card.findElement(By.cssSelector(".preview")).getText())
                    .hasSizeLessThanOrEqualTo(EmbeddedSmtpServer.PREVIEW);
            assertThat(card.findElement(By.cssSelector(".truncated")).getText()).contains("more characters");
            assertThat(card.findElement(By.cssSelector("a.raw")).getAttribute("href"))
                    .contains("/api/messages/");
            assertNoSidewaysScroll(b);
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void fromThePageTheApiTakesAnArrayAndExplainsMalformedJson(int width) throws Exception {
        try (Browser b = Browser.open(width)) {
            b.load(url());
            String post = "const done = arguments[arguments.length - 1];"
                    + " fetch('/api/messages', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                    + " body: arguments[0]}).then(r => r.text().then(t => done(r.status + ' ' + t)));";
            assertThat((String) b.asyncScript(
                            post,
                            "{\"from\":\"page@example.com\",\"to\":[\"a@example.com\",\"b@example.com\"],"
                                    + "\"subject\":\"array " + width + "\",\"body\":\"x\"}"))
                    .startsWith("200 ")
                    .contains("\"accepted\":[\"a@example.com\",\"b@example.com\"]");
            assertThat((String) b.asyncScript(post, "{\"from\": "))
                    .startsWith("400 ")
                    .contains("not a message as JSON");
        }
    }

    @Autowired
    org.springframework.core.env.Environment environment;

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void thePageIsServedOnLoopbackOnly(int width) throws Exception {
        assertThat(java.net.InetAddress.getByName(environment.getProperty("server.address"))
                        .isLoopbackAddress())
                .isTrue();
        try (Browser b = Browser.open(width)) {
            b.load(url());
            assertThat(b.driver.getCurrentUrl()).startsWith("http://127.0.0.1:");
        }
    }
}
