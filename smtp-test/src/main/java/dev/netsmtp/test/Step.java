/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

/** A step of an SMTP session at which {@link SmtpTestServer} can be told to fail. */
public enum Step {
    /** The 220 greeting, as the client connects. */
    GREETING,
    /** The reply to EHLO (or HELO). */
    EHLO,
    /** The reply to STARTTLS, before the handshake. */
    STARTTLS,
    /** The reply that ends an AUTH exchange. */
    AUTH,
    /** The reply to MAIL FROM. */
    MAIL,
    /** The reply to RCPT TO; a cue may name one recipient. */
    RCPT,
    /**
     * The reply to DATA, the 354 that invites the message; for a message sent by BDAT, the reply
     * to its first chunk (the chunk is read first, so the client stays in step).
     */
    DATA,
    /**
     * While the message content comes in: after DATA's 354 and the first line of the content, or
     * as the first BDAT chunk's command arrives, before its content is read. A reply here is
     * followed by closing the connection, since the rest of the content cannot be told from
     * commands.
     */
    MESSAGE_DATA,
    /**
     * The reply after the message's end: the end of DATA, or the last BDAT chunk; the one that
     * says whether it was accepted.
     */
    END_OF_DATA,
    /** The reply to RSET. */
    RSET,
    /** The reply to NOOP. */
    NOOP,
    /** The reply to QUIT. */
    QUIT
}
