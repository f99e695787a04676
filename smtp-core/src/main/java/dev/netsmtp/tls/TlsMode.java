/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.tls;

/** How a session protects its connection. */
public enum TlsMode {
    /** Plain text throughout, even when the server offers STARTTLS: asked for by name only. */
    NONE,
    /**
     * The default: opportunistic STARTTLS (RFC 3207), as Net::SMTP's own default. Upgrade when the
     * server advertises it, go on in plain text (and say so in the transcript) when it does not or
     * refuses. Once the handshake starts the certificate is verified as in every mode: a
     * certificate that fails fails the session with {@link dev.netsmtp.SmtpTlsException}, never
     * a silent fall back to clear text.
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
