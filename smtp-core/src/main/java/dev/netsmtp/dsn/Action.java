/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dsn;

import java.util.Locale;
import java.util.Optional;

/** What became of a message for one recipient (RFC 3464 section 2.3.3). */
public enum Action {
    /** Could not be delivered; the report is a bounce. */
    FAILED,
    /** Not delivered yet; the reporting MTA goes on trying. */
    DELAYED,
    /** Delivered to the recipient's mailbox. */
    DELIVERED,
    /** Handed to a system that sends no further reports. */
    RELAYED,
    /** Delivered and forwarded to several addresses (a list, an alias). */
    EXPANDED;

    /**
     * Reads an {@code Action} field's value; a comment after it is ignored.
     *
     * @param value the field's value
     * @return the action, or empty when it is none of RFC 3464's
     */
    public static Optional<Action> parse(String value) {
        String word = value.strip().split("[\\s(]", 2)[0].toUpperCase(Locale.ROOT);
        for (Action a : values()) {
            if (a.name().equals(word)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
