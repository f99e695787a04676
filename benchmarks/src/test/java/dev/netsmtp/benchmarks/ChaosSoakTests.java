/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A short run of the chaos soak: every fault kind happens, and nothing is lost or sent twice silently. */
class ChaosSoakTests {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aShortSoakLosesNothing() throws Exception {
        ChaosSoak.Result r = ChaosSoak.run(4000, 8, 42, 0.05);
        System.out.println(r.table());
        assertThat(r.faults().values()).as("every fault kind was injected").allSatisfy(n -> assertThat(n)
                .isPositive());
        assertThat(r.lost()).isZero();
        assertThat(r.silentDuplicates()).isZero();
        assertThat(r.failedButDelivered()).isZero();
        assertThat(r.deliveredOnce() + r.reportedFailed() + r.reportedUncertain())
                .as("every message is delivered or reported")
                .isGreaterThanOrEqualTo(r.sent());
        assertThat(r.reportedUncertain())
                .as("drops after the end of data are reported uncertain")
                .isPositive();
    }
}
