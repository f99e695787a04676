/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

/**
 * What the pool needs to know of a session it lends, beyond {@code SmtpSession}: how many
 * messages it carried (for {@code maxMessagesPerSession}) and whether a transaction was left
 * open (to RSET it before the next borrower). Mechanics, not API: a user of a session has no use
 * for them, so they are not on {@code SmtpSession}, as OkHttp keeps its connection's counters
 * off {@code Call}.
 */
public interface SessionMechanics {

    /**
     * Counts the transactions that reached the end of their data on this session, delivered,
     * refused or uncertain.
     *
     * @return the count
     */
    int messageCount();

    /**
     * Tells whether a mail transaction is open (MAIL accepted, no end of data or RSET since).
     *
     * @return true between MAIL and the end of the transaction
     */
    boolean inTransaction();
}
