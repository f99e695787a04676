/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.observation;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import io.micrometer.observation.Observation;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the observation of one template send knows: the envelope, the server the send used once a
 * session was borrowed (after failover, the one that answered), the result or the error, and how
 * many attempts it took. The template fills it in as the send goes; a convention reads it.
 *
 * <p>The envelope is here for conventions of the application's own; the default one puts no
 * address, subject or other personal data in any key.
 */
public class SmtpSendContext extends Observation.Context {

    private final Envelope envelope;
    private @Nullable InetSocketAddress server;
    private @Nullable SendResult result;
    private int attempts;

    /**
     * Creates the context of one send.
     *
     * @param envelope the message's envelope, as sent
     */
    public SmtpSendContext(Envelope envelope) {
        this.envelope = Objects.requireNonNull(envelope, "envelope");
    }

    /**
     * Returns the message's envelope.
     *
     * @return the envelope, as sent (with REQUIRETLS when the template asks it of every message)
     */
    public Envelope getEnvelope() {
        return envelope;
    }

    /**
     * Returns the server the send used: the host name as configured (no reverse lookup) and the
     * port.
     *
     * @return the server; empty while no session has been had (a refused connection on every
     *     server, an exhausted pool)
     */
    public Optional<InetSocketAddress> getServer() {
        return Optional.ofNullable(server);
    }

    /**
     * Records the server the send is using; the latest wins (a retry on another server).
     *
     * @param server the server
     */
    public void setServer(InetSocketAddress server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * Returns the server's answers when the message was sent.
     *
     * @return the result; empty while the send runs and when it failed
     */
    public Optional<SendResult> getResult() {
        return Optional.ofNullable(result);
    }

    /**
     * Records the result of a sent message.
     *
     * @param result the server's answers
     */
    public void setResult(SendResult result) {
        this.result = Objects.requireNonNull(result, "result");
    }

    /**
     * Returns how many attempts the send made.
     *
     * @return the attempts so far; 0 before the first
     */
    public int getAttempts() {
        return attempts;
    }

    /**
     * Records how many attempts the send made.
     *
     * @param attempts at least 0
     */
    public void setAttempts(int attempts) {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
        }
        this.attempts = attempts;
    }
}
