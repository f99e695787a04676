/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on what an {@link SmtpTestServer} received. */
public final class SmtpTestServerAssert extends AbstractAssert<SmtpTestServerAssert, SmtpTestServer> {

    SmtpTestServerAssert(SmtpTestServer actual) {
        super(actual, SmtpTestServerAssert.class);
    }

    /**
     * Checks that exactly this many messages were accepted since the last reset.
     *
     * @param count the expected count
     * @return this
     */
    public SmtpTestServerAssert hasReceived(int count) {
        isNotNull();
        List<ReceivedMessage> messages = actual.messages();
        if (messages.size() != count) {
            failWithMessage("expected %d message(s) but the server accepted %d: %s", count, messages.size(), messages);
        }
        return this;
    }

    /**
     * Checks that a message was accepted for a recipient, and moves on to it.
     *
     * @param recipient the envelope recipient, compared without regard to case
     * @return assertions on the first such message
     */
    public ReceivedMessageAssert hasReceivedMessageTo(String recipient) {
        isNotNull();
        List<ReceivedMessage> to = actual.messagesTo(recipient);
        if (to.isEmpty()) {
            failWithMessage("expected a message to <%s> but the server accepted: %s", recipient, actual.messages());
        }
        return new ReceivedMessageAssert(to.get(0));
    }

    /**
     * Checks that a message with a subject was accepted, and moves on to it.
     *
     * @param subject the subject, exactly (decoded)
     * @return assertions on the first such message
     */
    public ReceivedMessageAssert hasReceivedMessageWithSubject(String subject) {
        isNotNull();
        List<ReceivedMessage> with = actual.messagesWithSubject(subject);
        if (with.isEmpty()) {
            failWithMessage(
                    "expected a message with subject \"%s\" but the server accepted: %s", subject, actual.messages());
        }
        return new ReceivedMessageAssert(with.get(0));
    }

    /**
     * Checks that nothing was accepted since the last reset.
     *
     * @return this
     */
    public SmtpTestServerAssert hasReceivedNothing() {
        return hasReceived(0);
    }
}
