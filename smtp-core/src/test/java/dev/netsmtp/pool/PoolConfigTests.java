/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pool sizes: maxIdle follows maxTotal unless set, and the order of the setters does not matter. */
class PoolConfigTests {

    @Test
    void maxIdleFollowsMaxTotalUnlessSet() {
        assertThat(PoolConfig.defaults().maxIdle()).isEqualTo(8);
        assertThat(PoolConfig.builder().maxTotal(16).build().maxIdle()).isEqualTo(16);
        assertThat(PoolConfig.builder().maxTotal(2).maxTotal(16).build().maxIdle())
                .isEqualTo(16);
        assertThat(PoolConfig.builder().maxTotal(16).maxIdle(4).build().maxIdle())
                .isEqualTo(4);
    }

    @Test
    void theSizesAreCheckedTogetherWhateverTheOrder() {
        assertThatThrownBy(() -> PoolConfig.builder().maxTotal(4).maxIdle(8).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIdle <= maxTotal");
        assertThatThrownBy(() -> PoolConfig.builder().maxIdle(8).maxTotal(4).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIdle <= maxTotal");
        assertThat(PoolConfig.builder().maxIdle(4).maxTotal(8).build().maxIdle())
                .isEqualTo(4);
    }

    @Test
    void withinAThrottlePolicyThePoolKeepsToTheServersConnectionLimitsWhateverTheOrder() {
        dev.netsmtp.throttle.ThrottlePolicy m365 = dev.netsmtp.throttle.ThrottlePolicy.microsoft365();
        PoolConfig capped =
                PoolConfig.builder().within(m365).maxTotal(8).minIdle(5).build();
        assertThat(capped.maxTotal()).isEqualTo(3);
        assertThat(capped.maxIdle()).isEqualTo(3);
        assertThat(capped.minIdle()).isEqualTo(3);
        assertThat(capped.maxMessagesPerSession())
                .as("Microsoft publishes no per-connection limit")
                .isEqualTo(1000);
        assertThat(PoolConfig.builder().maxTotal(2).within(m365).build().maxTotal())
                .as("a smaller size stays")
                .isEqualTo(2);
        dev.netsmtp.throttle.ThrottlePolicy both =
                dev.netsmtp.throttle.ThrottlePolicy.adaptive(10, 100).withConnectionLimits(4, 50);
        PoolConfig config =
                PoolConfig.builder().within(both).maxMessagesPerSession(500).build();
        assertThat(config.maxTotal()).isEqualTo(4);
        assertThat(config.maxMessagesPerSession()).isEqualTo(50);
        assertThat(PoolConfig.builder()
                        .within(dev.netsmtp.throttle.ThrottlePolicy.adaptive(10, 100))
                        .build()
                        .maxTotal())
                .as("no limits, no change")
                .isEqualTo(8);
        assertThatThrownBy(() -> both.withConnectionLimits(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connection limits");
    }
}
