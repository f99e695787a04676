/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;

/** The outbox's rules on H2, the embedded default of the sample: a new in-memory database per test. */
@Timeout(90)
class H2OutboxTests extends OutboxBehaviour {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    String jdbcUrl() {
        return "jdbc:h2:mem:outbox" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }
}
