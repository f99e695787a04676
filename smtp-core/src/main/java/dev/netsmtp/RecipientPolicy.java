/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

/** What to do when a server refuses some, but not all, recipients of a message. */
public enum RecipientPolicy {
    /**
     * The default, as Net::SMTP and Jakarta Mail: one refusal means no message data is sent, the
     * transaction is reset, and an {@link SmtpRecipientsRefusedException} lists every refusal.
     */
    ALL_OR_NOTHING,
    /**
     * The message goes to the accepted recipients and {@link SendResult#rejected()} lists the
     * refused ones; when every recipient is refused the same exception as above is thrown.
     */
    PARTIAL
}
