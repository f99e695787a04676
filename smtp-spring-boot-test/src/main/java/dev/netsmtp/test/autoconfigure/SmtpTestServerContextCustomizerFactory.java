/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.autoconfigure;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Adds the test server to contexts of test classes with {@link AutoConfigureSmtpTestServer}. */
class SmtpTestServerContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        AutoConfigureSmtpTestServer annotation =
                TestContextAnnotationUtils.findMergedAnnotation(testClass, AutoConfigureSmtpTestServer.class);
        return annotation == null
                ? null
                : new SmtpTestServerContextCustomizer(SmtpTestServerContextCustomizer.Settings.of(annotation));
    }
}
