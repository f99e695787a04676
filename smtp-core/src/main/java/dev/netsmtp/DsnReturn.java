package dev.netsmtp;

/** What a DSN should carry of the original message: the MAIL {@code RET} parameter of RFC 3461. */
public enum DsnReturn {
    /** The whole message. */
    FULL,
    /** Only the headers. */
    HDRS
}
