/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

/**
 * The server's answer to one recipient's RCPT TO.
 *
 * @param recipient the recipient address as given
 * @param reply the server's reply to its RCPT command
 */
public record RecipientResult(String recipient, SmtpReply reply) {

    /**
     * Tells whether the server accepted the recipient (a 2xx reply).
     *
     * @return true when accepted
     */
    public boolean accepted() {
        return reply.isPositiveCompletion();
    }

    /**
     * Returns the recipient and the reply.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        return "<" + recipient + "> " + reply.code() + " " + reply.text().replace('\n', ' ');
    }
}
