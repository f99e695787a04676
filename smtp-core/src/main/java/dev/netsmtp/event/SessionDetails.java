/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.event;

import java.util.Objects;
import java.util.Optional;

/**
 * What the connection carrying a transaction is, as it is, not as it was configured: the server it
 * is connected to, the TLS protocol protecting it (empty when the connection is not encrypted, as
 * with opportunistic STARTTLS to a server that does not offer it) and the SASL mechanism the
 * session logged in with (empty when it did not log in). A pooled session is reused for many
 * messages; these are the facts of the session each one went on.
 *
 * @param host the server's host name as configured (for a host list, the one this session reached)
 * @param port the server's port
 * @param tlsProtocol the negotiated protocol, e.g. {@code TLSv1.3}; empty when not encrypted
 * @param authMechanism the SASL mechanism, e.g. {@code PLAIN}; never the user or a secret
 */
public record SessionDetails(String host, int port, Optional<String> tlsProtocol, Optional<String> authMechanism) {

    /**
     * Checks the parts.
     *
     * @param host the server's host name
     * @param port the server's port
     * @param tlsProtocol the TLS protocol, or empty
     * @param authMechanism the SASL mechanism, or empty
     */
    public SessionDetails {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tlsProtocol, "tlsProtocol");
        Objects.requireNonNull(authMechanism, "authMechanism");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " is not a TCP port");
        }
    }

    /**
     * Whether the connection is protected by TLS.
     *
     * @return true when a TLS protocol was negotiated
     */
    public boolean isEncrypted() {
        return tlsProtocol.isPresent();
    }

    /**
     * Whether the session logged in (SMTP AUTH).
     *
     * @return true when a mechanism succeeded
     */
    public boolean isAuthenticated() {
        return authMechanism.isPresent();
    }
}
