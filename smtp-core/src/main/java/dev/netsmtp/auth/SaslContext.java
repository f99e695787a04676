/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import java.util.Optional;
import java.util.Set;

/**
 * What a mechanism may know of the session it runs in: the TLS channel's binding data, the
 * mechanisms the server advertised, and the session's bounds, which a long computation (SCRAM's
 * key derivation) must keep to.
 */
public interface SaslContext {

    /** The default bound on SCRAM's iteration count: RFC 7677 leaves the upper bound to policy. */
    int DEFAULT_MAX_SCRAM_ITERATIONS = 100_000;

    /**
     * Returns the connection's {@code tls-server-end-point} data (RFC 5929).
     *
     * @return the data, or empty without TLS or without a certificate to hash
     */
    Optional<ChannelBinding> channelBinding();

    /**
     * Returns the mechanisms the server advertised, upper-case.
     *
     * @return the names
     */
    Set<String> offered();

    /**
     * Returns the most iterations a SCRAM key derivation may take; a server asking for more is
     * refused before any is computed.
     *
     * @return the bound
     */
    int maxScramIterations();

    /**
     * Throws when the session's time limit has passed or the thread was interrupted: a long
     * computation calls it every few thousand steps, so a login ends within its bound like every
     * other step.
     *
     * @throws dev.netsmtp.SmtpTimeoutException when the time limit passed
     * @throws dev.netsmtp.SmtpInterruptedException when the thread was interrupted
     */
    void checkBounds();

    /**
     * A context with no channel binding, nothing known of the server, the default bound and
     * only the interrupt checked.
     *
     * @param binding the channel-binding data
     * @return the context
     */
    static SaslContext of(Optional<ChannelBinding> binding) {
        return new SaslContext() {
            @Override
            public Optional<ChannelBinding> channelBinding() {
                return binding;
            }

            @Override
            public Set<String> offered() {
                return Set.of();
            }

            @Override
            public int maxScramIterations() {
                return DEFAULT_MAX_SCRAM_ITERATIONS;
            }

            @Override
            public void checkBounds() {
                if (Thread.currentThread().isInterrupted()) {
                    throw new dev.netsmtp.SmtpInterruptedException("interrupted during authentication", null);
                }
            }
        };
    }
}
