/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import java.net.SocketTimeoutException;

/**
 * A read or write of the connection ran out of time: its own timeout, or the deadline of the
 * operation it belongs to. Says which, so the error the caller sees can name the bound.
 */
public final class IoTimeoutException extends SocketTimeoutException {

    private static final long serialVersionUID = 1L;

    private final boolean write;
    private final boolean deadline;

    IoTimeoutException(boolean write, boolean deadline) {
        super((write ? "write" : "read") + " timed out" + (deadline ? " (the operation's time limit passed)" : ""));
        this.write = write;
        this.deadline = deadline;
    }

    /**
     * Tells whether a write (rather than a read) timed out.
     *
     * @return true for a write
     */
    public boolean isWrite() {
        return write;
    }

    /**
     * Tells whether the operation's deadline (rather than the per-read or per-write timeout) ended it.
     *
     * @return true for the deadline
     */
    public boolean isDeadline() {
        return deadline;
    }
}
