/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one {@link ReceivedMessage}; failures say what arrived instead. */
public final class ReceivedMessageAssert extends AbstractAssert<ReceivedMessageAssert, ReceivedMessage> {

    ReceivedMessageAssert(ReceivedMessage actual) {
        super(actual, ReceivedMessageAssert.class);
    }

    /**
     * Checks the reverse path (MAIL FROM).
     *
     * @param address the expected address
     * @return this
     */
    public ReceivedMessageAssert isFrom(String address) {
        isNotNull();
        if (!actual.from().equals(address)) {
            failWithMessage("expected MAIL FROM <%s> but was <%s>", address, actual.from());
        }
        return this;
    }

    /**
     * Checks the envelope's recipients, in any order and exactly these.
     *
     * @param addresses the expected recipients
     * @return this
     */
    public ReceivedMessageAssert hasRecipients(String... addresses) {
        isNotNull();
        List<String> expected = List.of(addresses);
        if (actual.recipients().size() != expected.size()
                || !actual.recipients().containsAll(expected)) {
            failWithMessage("expected recipients %s but were %s", expected, actual.recipients());
        }
        return this;
    }

    /**
     * Checks the decoded Subject.
     *
     * @param subject the expected subject
     * @return this
     */
    public ReceivedMessageAssert hasSubject(String subject) {
        isNotNull();
        if (!actual.subject().equals(subject)) {
            failWithMessage("expected subject \"%s\" but was \"%s\"", subject, actual.subject());
        }
        return this;
    }

    /**
     * Checks that the decoded plain text (or, without one, the HTML) contains each piece.
     *
     * @param pieces what must be there
     * @return this
     */
    public ReceivedMessageAssert hasTextContaining(String... pieces) {
        isNotNull();
        String text = actual.text().isEmpty() ? actual.html().orElse("") : actual.text();
        for (String piece : pieces) {
            if (!text.contains(piece)) {
                failWithMessage("expected the text to contain \"%s\" but it was:%n%s", piece, text);
            }
        }
        return this;
    }

    /**
     * Checks a header's decoded value.
     *
     * @param name the header
     * @param value the expected value
     * @return this
     */
    public ReceivedMessageAssert hasHeader(String name, String value) {
        isNotNull();
        String found = actual.header(name).orElse(null);
        if (!value.equals(found)) {
            failWithMessage(
                    "expected header %s: \"%s\" but was %s",
                    name, value, found == null ? "absent" : "\"" + found + "\"");
        }
        return this;
    }

    /**
     * Checks that a header is absent, for example {@code Bcc}.
     *
     * @param name the header
     * @return this
     */
    public ReceivedMessageAssert hasNoHeader(String name) {
        isNotNull();
        actual.header(name).ifPresent(v -> failWithMessage("expected no %s header but found \"%s\"", name, v));
        return this;
    }

    /**
     * Checks that the message has an attachment of that file name.
     *
     * @param fileName the name
     * @return this
     */
    public ReceivedMessageAssert hasAttachment(String fileName) {
        isNotNull();
        if (!actual.attachmentNames().contains(fileName)) {
            failWithMessage("expected an attachment \"%s\" but found %s", fileName, actual.attachmentNames());
        }
        return this;
    }

    /**
     * Checks that the message came over TLS.
     *
     * @return this
     */
    public ReceivedMessageAssert cameOverTls() {
        isNotNull();
        if (!actual.tls()) {
            failWithMessage(
                    "expected the message over TLS but it came in clear text; transcript:%n%s",
                    String.join("\n", actual.transcript()));
        }
        return this;
    }

    /**
     * Checks the user the session authenticated as.
     *
     * @param user the expected user name
     * @return this
     */
    public ReceivedMessageAssert wasAuthenticatedAs(String user) {
        isNotNull();
        String found = actual.authenticatedUser().orElse(null);
        if (!user.equals(found)) {
            failWithMessage(
                    "expected the session authenticated as \"%s\" but was %s",
                    user, found == null ? "not authenticated" : "\"" + found + "\"");
        }
        return this;
    }
}
