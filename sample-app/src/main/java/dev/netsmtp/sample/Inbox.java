/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import java.util.List;
import java.util.Optional;

/**
 * What a local SMTP server received, for the page's inbox: the embedded server of
 * {@code TestSampleApplication} (test code, so that the packaged application never starts one).
 * Absent when the sample sends to a real server.
 */
public interface Inbox {

    /**
     * Returns the port the server listens on, to tell whether smtp.* points at it.
     *
     * @return the port
     */
    int port();

    /**
     * Returns what the server received, newest first, each message once.
     *
     * @return the messages
     */
    List<ReceivedMessage> messages();

    /**
     * Returns the exact bytes of one received message.
     *
     * @param index the message's {@link ReceivedMessage#index()}
     * @return the message as received, or empty when there is no such message
     */
    Optional<byte[]> raw(int index);

    /**
     * One message the server received.
     *
     * @param index its place in received order, for {@link #raw(int)}
     * @param from the From header, decoded
     * @param to the To header, decoded
     * @param subject the subject, decoded
     * @param preview the start of the text, decoded
     * @param length the whole text's length in characters
     * @param truncated whether the preview is shorter than the text
     * @param messageId the Message-ID
     */
    record ReceivedMessage(
            int index,
            String from,
            String to,
            String subject,
            String preview,
            int length,
            boolean truncated,
            String messageId) {}
}
