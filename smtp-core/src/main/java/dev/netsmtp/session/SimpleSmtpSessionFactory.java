/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import java.time.Duration;

/**
 * A factory that opens a new connection for every session, with failover across the servers of
 * a {@link HostList}. The cost of TCP, TLS, greeting and EHLO is paid every time; use the pooled
 * factory to reuse connections. Thread-safe.
 */
public final class SimpleSmtpSessionFactory implements SmtpSessionFactory {

    private final HostList hosts;

    /**
     * Creates a factory for one server.
     *
     * @param config the server and settings
     */
    public SimpleSmtpSessionFactory(SmtpConfig config) {
        this(HostList.of(config));
    }

    /**
     * Creates a factory with failover across several servers.
     *
     * @param hosts the servers, tried in order
     */
    public SimpleSmtpSessionFactory(HostList hosts) {
        this.hosts = hosts;
    }

    @Override
    public SmtpSession getSession() {
        return hosts.open();
    }

    @Override
    public SmtpSession getSession(Duration timeLimit) {
        return hosts.open(timeLimit);
    }

    /** Does nothing: this factory holds no connection. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "SimpleSmtpSessionFactory[" + hosts + "]";
    }
}
