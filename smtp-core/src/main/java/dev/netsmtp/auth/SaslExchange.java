/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import java.util.Optional;

/** One run of a SASL mechanism: an optional initial response, then an answer to each challenge. */
public interface SaslExchange {

    /**
     * Returns the initial response sent with the AUTH command (RFC 4954 section 4), if the
     * mechanism has one.
     *
     * @return the raw bytes (base64-encoded by the session), or empty
     */
    Optional<byte[]> initialResponse();

    /**
     * Answers a 334 challenge.
     *
     * @param challenge the decoded challenge, possibly empty
     * @return the raw response, base64-encoded by the session; empty bytes send an empty line
     */
    byte[] evaluateChallenge(byte[] challenge);

    /**
     * Tells whether the client has said all the mechanism needs (and, for a mechanism that
     * authenticates the server, checked what the server proved). A server's 235 before that is
     * refused as a failed authentication, as Net::SMTP does: a server that accepts a login without
     * the password is broken, or is not the server meant.
     *
     * @return true when the exchange may end with success; true by default, for mechanisms that
     *     cannot tell
     */
    default boolean isComplete() {
        return true;
    }
}
