/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.autoconfigure;

import dev.netsmtp.test.SmtpTestServer;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Resets the test server before each test method (messages and failure cues), so tests that
 * share a cached context do not see each other's mail.
 */
class SmtpTestServerResetListener extends AbstractTestExecutionListener {

    @Override
    public int getOrder() {
        // Before Spring's own listeners that may run the test's @BeforeEach-time hooks.
        return 1900;
    }

    @Override
    public void beforeTestMethod(TestContext testContext) {
        if (TestContextAnnotationUtils.hasAnnotation(testContext.getTestClass(), AutoConfigureSmtpTestServer.class)) {
            testContext
                    .getApplicationContext()
                    .getBeanProvider(SmtpTestServer.class)
                    .ifAvailable(SmtpTestServer::reset);
        }
    }
}
