/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.testing.SinkServer;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The core's optional dependencies are optional: with only the required ones (Commons Pool,
 * ICU4J, JSpecify) a template sends, pipelines and sends on an executor, and loads no Micrometer
 * or Jakarta Mail class on the way.
 */
class WithoutOptionalDependenciesTests {

    @Test
    void theTemplateSendsWithNeitherMicrometerNorJakartaMail() throws Exception {
        URL[] path = {
            location(SmtpTemplate.class), // the core's classes
            location(PlainSend.class), // this test's helper
            location(org.apache.commons.pool2.ObjectPool.class),
            location(com.ibm.icu.text.IDNA.class),
            location(org.jspecify.annotations.Nullable.class)
        };
        try (SinkServer sink = SinkServer.start();
                URLClassLoader bare = new URLClassLoader("bare", path, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> bare.loadClass("io.micrometer.observation.Observation"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> bare.loadClass("jakarta.mail.Message")).isInstanceOf(ClassNotFoundException.class);

            @SuppressWarnings("unchecked")
            IntFunction<String> send = (IntFunction<String>)
                    bare.loadClass(PlainSend.class.getName()).getConstructor().newInstance();
            assertThat(send.apply(sink.config().build().port())).isEqualTo("250 2.0.0 queued | 2 | 250 2.0.0 queued");
            assertThat(sink.messages()).isEqualTo(4);
        }
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }
}
