/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.observation;

import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.observation.SmtpObservationDocumentation.Events;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Adds what happens while a session opens (the connection, its TLS, its AUTH) to the observation
 * of the send it is opened for, which the template keeps in scope on the sending thread. Give it
 * to each server's {@code SmtpConfig.Builder.listener} (Spring Boot does, for its factory); it
 * does nothing for a session opened outside a send.
 */
public final class SmtpObservationEvents implements SmtpListener {

    /** How far up the parents of the current observation the send's is looked for. */
    private static final int MOST_PARENTS = 8;

    private final ObservationRegistry registry;

    /**
     * Creates the listener.
     *
     * @param registry the registry the template's observations go to
     */
    public SmtpObservationEvents(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void connected(String host, int port) {
        Observation send = currentSend();
        if (send != null) {
            ((SmtpSendContext) send.getContext()).setServer(InetSocketAddress.createUnresolved(host, port));
            send.event(Events.CONNECTED.format(host, port));
        }
    }

    @Override
    public void tlsEstablished(String protocol) {
        Observation send = currentSend();
        if (send != null) {
            send.event(Events.TLS.format(protocol));
        }
    }

    @Override
    public void authenticated(String mechanism) {
        Observation send = currentSend();
        if (send != null) {
            send.event(Events.AUTHENTICATED.format(mechanism));
        }
    }

    /** The send's observation: the current one, or the nearest of its parents that is a send's. */
    private @Nullable Observation currentSend() {
        ObservationView o = registry.getCurrentObservation();
        for (int i = 0; o != null && i < MOST_PARENTS; i++) {
            if (o instanceof Observation send && send.getContext() instanceof SmtpSendContext) {
                return send;
            }
            o = o.getContextView().getParentObservation();
        }
        return null;
    }

    @Override
    public String toString() {
        return "SmtpObservationEvents";
    }
}
