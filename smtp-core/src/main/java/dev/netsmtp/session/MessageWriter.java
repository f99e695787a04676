package dev.netsmtp.session;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a message to the stream a session gives it; the session encodes, ends and sends it. */
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
}
