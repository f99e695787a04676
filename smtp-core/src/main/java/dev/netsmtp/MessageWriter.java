/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a message to the stream of its data, for messages rendered as they are sent.
 *
 * <p>A writer is <em>one-shot</em> unless it says otherwise: it may read from a source that can be
 * read once (a file being uploaded, an HTTP body), so {@code SmtpTemplate} retries a send through
 * it only when the writer was never called. A writer that renders from memory and can write the
 * same bytes again declares it with {@link #replayable(MessageWriter)} (OkHttp's
 * {@code RequestBody.isOneShot()} is the model), and is then retried like a byte array.
 *
 * <pre>{@code
 * template.send(envelope, MessageWriter.replayable(out -> out.write(rendered)));
 * }</pre>
 */
@FunctionalInterface
public interface MessageWriter {

    /**
     * Writes the message. Do not close the stream: the session ends the data when this returns.
     * If this throws, the session drops the connection so that no partial message is delivered.
     *
     * @param out the message stream
     * @throws IOException when producing or writing the message fails
     */
    void writeTo(OutputStream out) throws IOException;

    /**
     * Tells whether calling {@link #writeTo} again writes the same message, so a failed send may
     * be retried after the writer ran.
     *
     * @return false unless declared with {@link #replayable(MessageWriter)}
     */
    default boolean isReplayable() {
        return false;
    }

    /**
     * Declares a writer that can write the same message any number of times.
     *
     * @param writer writes the message, the same bytes on every call
     * @return a writer whose {@link #isReplayable()} is true
     */
    static MessageWriter replayable(MessageWriter writer) {
        return new MessageWriter() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                writer.writeTo(out);
            }

            @Override
            public boolean isReplayable() {
                return true;
            }
        };
    }
}
