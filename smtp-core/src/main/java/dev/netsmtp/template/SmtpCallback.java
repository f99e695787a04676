/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import dev.netsmtp.session.SmtpSession;

/**
 * Work done on one session lent by {@link SmtpOperations#execute(SmtpCallback)}: several
 * transactions, or steps the template does not offer. The session is released by the template;
 * its {@code close()} does nothing here.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SmtpCallback<T> {

    /**
     * Uses the session.
     *
     * @param session a started session, for this thread only, until the callback returns
     * @return the result
     */
    T doInSession(SmtpSession session);
}
