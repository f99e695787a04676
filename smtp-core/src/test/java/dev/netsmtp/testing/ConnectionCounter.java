/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.session.SmtpConfig;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts connections opened, open now, and the most open at once. */
public final class ConnectionCounter implements SmtpListener {

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();

    /**
     * A clear-text configuration for a server on 127.0.0.1 (GreenMail's SMTP, say) whose
     * connections this counter counts.
     *
     * @param port the server's port
     * @return the configuration
     */
    public SmtpConfig countingConfig(int port) {
        return SmtpConfig.builder().host("127.0.0.1").port(port).listener(this).build();
    }

    @Override
    public void connected(String host, int port) {
        opened.incrementAndGet();
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
    }

    @Override
    public void closed() {
        open.decrementAndGet();
    }

    /**
     * Returns the connections open now.
     *
     * @return the count
     */
    public int open() {
        return open.get();
    }

    /**
     * Returns the connections opened so far.
     *
     * @return the count
     */
    public int opened() {
        return opened.get();
    }

    /**
     * Returns the most connections open at once.
     *
     * @return the peak
     */
    public int maxOpen() {
        return maxOpen.get();
    }
}
