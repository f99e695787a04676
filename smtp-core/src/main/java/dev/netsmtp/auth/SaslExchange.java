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
}
