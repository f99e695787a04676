/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import org.junit.jupiter.api.Test;

/**
 * Which replies are load signals, the presets' numbers as their sources give them, and the
 * values a policy refuses.
 */
class ThrottlePolicyTests {

    private static boolean signal(String line) {
        return ThrottlePolicy.isLoadSignal(SmtpException.forReply(
                "MAIL FROM:<a@b.example>", SmtpReply.of(Integer.parseInt(line.substring(0, 3)), line.substring(4))));
    }

    @Test
    void loadSignalsAreTheProvidersThrottlingReplies() {
        assertThat(signal("421 4.7.0 Try again later, closing connection")).isTrue(); // Gmail
        assertThat(signal("451 4.7.1 Sending too fast")).isTrue();
        assertThat(signal("454 Throttling failure: Maximum sending rate exceeded."))
                .isTrue(); // SES
        assertThat(signal("432 4.3.2 Concurrent connections limit exceeded.")).isTrue(); // Microsoft 365
        assertThat(signal("452 4.4.5 Insufficient system storage")).isTrue();
        assertThat(signal("450 4.2.1 mailbox busy")).isFalse();
        assertThat(signal("451 4.3.0 try again")).isFalse();
        assertThat(signal("550 5.7.1 rejected")).isFalse();
        assertThat(ThrottlePolicy.isLoadSignal(new SmtpConnectionException("refused", null, null)))
                .isTrue();
    }

    @Test
    void thePresetsAreWhatTheirSourcesSay() {
        assertThat(ThrottlePolicy.microsoft365().maxRate()).isEqualTo(0.5); // 30 a minute
        assertThat(ThrottlePolicy.amazonSesSandbox().maxRate()).isEqualTo(1);
        assertThat(ThrottlePolicy.amazonSes(14).initialRate()).isEqualTo(14);
        assertThat(ThrottlePolicy.amazonSes(14).maxRate()).isEqualTo(14);
    }

    @Test
    void valuesThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new ThrottlePolicy(10, 0, 100, 0.7, 1)).hasMessageContaining("minRate");
        assertThatThrownBy(() -> new ThrottlePolicy(10, 1, 5, 0.7, 1)).hasMessageContaining("initialRate");
        assertThatThrownBy(() -> new ThrottlePolicy(10, 1, 100, 1.0, 1)).hasMessageContaining("decrease");
        assertThatThrownBy(() -> new ThrottlePolicy(10, 1, 100, 0.7, 0)).hasMessageContaining("increase");
    }
}
