/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A short run of the integrity soak: every stored byte checked. Nothing is stored truncated,
 * altered or twice, nothing reported sent is missing, and the uncertain outcomes are exactly the
 * messages whose final reply the sink dropped.
 */
class IntegritySoakTests {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aShortSoakStoresEveryBodyWholeOrNotAtAll() throws Exception {
        IntegritySoak.Result r = IntegritySoak.run(800, 8, 11, 0.12);
        System.out.println(r.table());
        assertThat(r.faults().get(FaultySink.Fault.DROP_MID_DATA))
                .as("resets in the middle of data")
                .isPositive();
        assertThat(r.faults().get(FaultySink.Fault.STALL_AT_DATA)).as("stalls").isPositive();
        assertThat(r.faults().get(FaultySink.Fault.DROP_AFTER_END_OF_DATA))
                .as("lost final replies")
                .isPositive();
        assertEveryPromiseHeld(r);
        assertThat(r.storedOnce()).isGreaterThan(r.sent() / 2);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aShortSoakOverChunkingWithTlsCorruptionStoresEveryBodyWholeOrNotAtAll() throws Exception {
        IntegritySoak.Result r = IntegritySoak.run(800, 8, 13, 0.12, true);
        System.out.println(r.table());
        assertThat(r.faults().get(FaultySink.Fault.TLS_CORRUPT_AT_MAIL))
                .as("corrupted TLS records before the data")
                .isPositive();
        assertThat(r.faults().get(FaultySink.Fault.TLS_CORRUPT_AFTER_END_OF_DATA))
                .as("corrupted TLS records after the end of data")
                .isPositive();
        assertEveryPromiseHeld(r);
    }

    /** Stored twice 0, truncated 0, lost 0, failed-but-stored 0, uncertain-without-a-lost-reply 0. */
    private static void assertEveryPromiseHeld(IntegritySoak.Result r) {
        assertThat(r.truncatedOrAltered()).as("stored truncated or altered").isZero();
        assertThat(r.storedTwice()).as("stored twice").isZero();
        assertThat(r.lost()).as("reported sent, not stored").isZero();
        assertThat(r.failedButStored()).as("reported failed, but stored").isZero();
        assertThat(r.uncertainNotLostReply())
                .as("uncertain without a lost reply: %s", r.anomalies())
                .isZero();
        assertThat(r.lostReplyNotUncertain())
                .as("a lost reply not reported uncertain")
                .isZero();
        assertThat(r.reportedUncertain()).isPositive();
    }

    @Test
    void theReferenceNormalisationFollowsRfc5321() {
        assertThat(IntegritySoak.normalise("a\rb\nc\r\nd".getBytes())).isEqualTo("a\r\nb\r\nc\r\nd\r\n".getBytes());
        assertThat(IntegritySoak.normalise(new byte[0])).isEmpty();
        assertThat(IntegritySoak.normalise("\r\r\n".getBytes())).isEqualTo("\r\n\r\n".getBytes());
    }
}
