/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * A message for a batch or an async send: its envelope and its content in memory. The content
 * is not copied; do not change the array while the message is being sent.
 */
public final class OutgoingMessage {

    private final Envelope envelope;
    private final byte[] content;

    private OutgoingMessage(Envelope envelope, byte[] content) {
        this.envelope = envelope;
        this.content = content;
    }

    /**
     * Creates a message.
     *
     * @param envelope the envelope
     * @param content the RFC 5322 message
     * @return the message
     */
    public static OutgoingMessage of(Envelope envelope, byte[] content) {
        return new OutgoingMessage(envelope, content);
    }

    /**
     * Creates a message from text, encoded as UTF-8.
     *
     * @param from the reverse path
     * @param to the recipients
     * @param content the RFC 5322 message
     * @return the message
     */
    public static OutgoingMessage of(String from, Collection<String> to, String content) {
        return new OutgoingMessage(Envelope.of(from, to), content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the envelope.
     *
     * @return the envelope
     */
    public Envelope envelope() {
        return envelope;
    }

    /**
     * Returns the content, not a copy.
     *
     * @return the message bytes
     */
    public byte[] content() {
        return content;
    }

    @Override
    public String toString() {
        return "OutgoingMessage[" + envelope + ", " + content.length + " bytes]";
    }
}
