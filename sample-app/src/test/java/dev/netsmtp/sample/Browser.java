/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs) at a given
 * window width. Skipped with a message on a machine without them, except in CI, where it fails.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final WebDriver driver;
    final WebDriverWait wait;
    private final Path profile;

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    static Browser open(int width) throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs Debian's chromium and chromium-driver (see .ci/run)");
        }
        assumeTrue(present, "browser test skipped: apt-get install chromium chromium-driver to run it");
        Path profile = Files.createTempDirectory("netsmtp-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=" + width + ",900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(width, 900));
        return new Browser(driver, profile);
    }

    void load(String url) {
        driver.get(url);
        wait.until(ExpectedConditions.not(
                ExpectedConditions.textToBePresentInElementLocated(By.id("mode"), "Finding out")));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs a script that ends by calling its last argument, as the page's own fetches do. */
    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** The page's own width and the window's: equal when nothing pushes it sideways. */
    long[] widths() {
        long page = ((Number) script("return document.documentElement.scrollWidth;")).longValue();
        long window = ((Number) script("return window.innerWidth;")).longValue();
        return new long[] {page, window};
    }

    /** Sets a field's value as typing would, in one step (long texts). */
    void fill(String id, String value) {
        script(
                "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                        + " e.dispatchEvent(new Event('input'));",
                id,
                value);
    }

    void send() {
        driver.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("sending")));
    }

    /** Sends the form with this subject and returns the new result's card once it is shown. */
    WebElement sendWithSubject(String subject) {
        fill("subject", subject);
        send();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), subject));
        return driver.findElement(By.cssSelector("#results .result"));
    }

    @Override
    public void close() throws java.io.IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
