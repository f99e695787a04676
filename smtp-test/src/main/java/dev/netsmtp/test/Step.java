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
    /** The reply to DATA, the 354 that invites the message; a message sent by BDAT has no DATA step. */
    DATA,
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
