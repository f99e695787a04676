/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;

/**
 * Where a message's send on a session ends, for every shape (a single send, a batch's message, a
 * message stream): the result or the error takes the message's idempotency key, and the
 * listeners hear it. One place, so that no shape ends without its key.
 */
final class Ended {

    private Ended() {}

    static SendResult sent(Exchange ex, Envelope envelope, SendResult result) {
        SendResult keyed = result.withKey(envelope.key());
        ex.listener().messageSent(envelope, keyed);
        return keyed;
    }

    static <E extends SmtpException> E failed(Exchange ex, Envelope envelope, E error) {
        error.keyed(envelope.key());
        ex.listener().messageFailed(envelope, error);
        return error;
    }
}
