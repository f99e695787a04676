package dev.netsmtp.tls;

/** How a session protects its connection. */
public enum TlsMode {
    /** Plain text throughout. */
    NONE,
    /**
     * Opportunistic STARTTLS (RFC 3207): upgrade when the server advertises it, go on in plain
     * text (and say so in the transcript) when it does not or refuses.
     */
    STARTTLS,
    /**
     * STARTTLS or nothing: when the server does not advertise it or refuses it, the session fails
     * with {@link dev.netsmtp.SmtpTlsException} and nothing after EHLO is sent. Use for port 587.
     */
    STARTTLS_REQUIRED,
    /** TLS from the first byte (RFC 8314), usually on port 465. */
    IMPLICIT
}
