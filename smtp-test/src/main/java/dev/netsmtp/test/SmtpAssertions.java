/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

/**
 * AssertJ entry points for what {@link SmtpTestServer} received.
 *
 * <pre>{@code
 * import static dev.netsmtp.test.SmtpAssertions.assertThat;
 *
 * assertThat(smtp).hasReceived(1);
 * assertThat(smtp.awaitMessage())
 *         .isFrom("app@example.com")
 *         .hasRecipients("ada@example.com")
 *         .hasSubject("Welcome")
 *         .hasTextContaining("Hello");
 * }</pre>
 */
public final class SmtpAssertions {

    private SmtpAssertions() {}

    /**
     * Starts assertions on a received message.
     *
     * @param actual the message
     * @return the assertions
     */
    public static ReceivedMessageAssert assertThat(ReceivedMessage actual) {
        return new ReceivedMessageAssert(actual);
    }

    /**
     * Starts assertions on what a server received.
     *
     * @param actual the server
     * @return the assertions
     */
    public static SmtpTestServerAssert assertThat(SmtpTestServer actual) {
        return new SmtpTestServerAssert(actual);
    }
}
