/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpProtocolException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.event.SessionDetails;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.internal.IoTimeoutException;
import dev.netsmtp.internal.MalformedReplyException;
import dev.netsmtp.internal.SmtpConnection;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Commands out, replies in, for one session: tells the listeners, maps I/O failures to typed
 * errors, and breaks the connection on any failure that leaves the protocol state unknown (an
 * I/O error, a timeout, a malformed reply) and on 421, which {@link #read} raises as the error.
 *
 * <p>It also keeps the current message's phase as state, set where bytes reach the socket: the
 * position just after its end of data once that is buffered ({@link #endWritten()}), from which
 * {@link #endMayHaveGoneOut()} tells whether the server can have it. A failed write does not throw
 * where it happens: it is recorded, nothing more is written, and the next {@link #read} takes what
 * the server said before the connection went (a refusal, or the final reply to a message whose end
 * did reach it) within a second, or fails with the write's error. So every failure reaches the
 * transaction at a read, where {@link Outcomes} judges it.
 */
final class Exchange {

    /** How long a failed write waits for the refusal the server may have sent before it closed. */
    private static final Duration WRITE_FAILURE_REPLY = Duration.ofSeconds(1);

    private final SmtpListener listener;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private @Nullable SmtpConnection connection;
    private @Nullable String brokenBecause;
    private boolean closed;
    private @Nullable String failedWrite;
    private long drainUntil;
    private long endMark = -1;
    private boolean inTransaction;
    private boolean dataOpen;
    private long deadlineNanos;
    private int messageCount;
    private @Nullable Duration timeLimit;
    private Duration lastReadTimeout;
    private @Nullable String authMechanism;

    Exchange(SmtpListener listener, Duration readTimeout, Duration writeTimeout) {
        this.listener = listener;
        this.readTimeout = readTimeout;
        this.writeTimeout = writeTimeout;
        this.lastReadTimeout = readTimeout;
    }

    void attach(SmtpConnection connection) {
        this.connection = connection;
        if (timeLimit != null) {
            connection.deadline(deadlineNanos);
        }
    }

    /**
     * Forgets a connection that was dropped while the session started (a refused OAuth2 token), so
     * that a new one can be attached; the time limit stays. Only before any transaction.
     */
    void reopen() {
        if (messageCount != 0 || inTransaction) {
            throw new IllegalStateException("a session that sent mail cannot reopen");
        }
        connection = null;
        brokenBecause = null;
        closed = false;
        failedWrite = null;
        drainUntil = 0;
        endMark = -1;
        dataOpen = false;
        lastReadTimeout = readTimeout;
        authMechanism = null;
    }

    /** The login succeeded with {@code mechanism}: remembered for {@link #details}, and told. */
    void authenticated(String mechanism) {
        authMechanism = mechanism;
        listener.authenticated(mechanism);
    }

    /** What the connection is now: its TLS protocol as negotiated, its login. */
    SessionDetails details(String host, int port) {
        Optional<String> tls = Optional.empty();
        if (connection != null && connection.isEncrypted()) {
            tls = Optional.of(
                    connection.socket() instanceof SSLSocket ssl
                            ? ssl.getSession().getProtocol()
                            : "TLS");
        }
        return new SessionDetails(host, port, tls, Optional.ofNullable(authMechanism));
    }

    /** The deadline set by {@link #timeLimit}, as a {@link System#nanoTime()}, or empty. */
    OptionalLong deadline() {
        return timeLimit == null ? OptionalLong.empty() : OptionalLong.of(deadlineNanos);
    }

    @Nullable
    Duration timeLimitValue() {
        return timeLimit;
    }

    SmtpConnection connection() {
        if (connection == null) {
            throw new IllegalStateException("not connected");
        }
        return connection;
    }

    SmtpListener listener() {
        return listener;
    }

    boolean isBroken() {
        return brokenBecause != null;
    }

    @Nullable
    String brokenBecause() {
        return brokenBecause;
    }

    boolean inTransaction() {
        return inTransaction;
    }

    void inTransaction(boolean open) {
        this.inTransaction = open;
    }

    /** True between the server's 354 and the end of data: no command may be written then. */
    boolean dataOpen() {
        return dataOpen;
    }

    void dataOpen(boolean open) {
        this.dataOpen = open;
    }

    int messageCount() {
        return messageCount;
    }

    /** Buffers a command; a pipelined group is sent by one {@link #flush}. */
    void send(String command) {
        send(command, command);
    }

    /** Buffers a command whose wire form holds a secret; listeners and errors see {@code shown}. */
    void send(String command, String shown) {
        if (dataOpen) {
            // It would land in the middle of the message, as text the server stores.
            throw new IllegalStateException("cannot send " + shown + " while the message data is open: commit() or "
                    + "abort() the message stream first");
        }
        if (failedWrite != null) {
            return; // nothing more goes out; the next read reports the failure
        }
        try {
            connection().write(command);
        } catch (IOException e) {
            writeFailed(shown, e);
            return;
        }
        listener.commandSent(shown);
    }

    /** Sends what is buffered; a failure is recorded for the next {@link #read}. */
    void flush(String shown) {
        if (failedWrite != null) {
            return;
        }
        try {
            connection().flush();
        } catch (IOException e) {
            writeFailed(shown, e);
        }
    }

    /**
     * Records a failed write: nothing more is written, the session is unusable, and reads go on
     * for at most {@link #WRITE_FAILURE_REPLY} to take what the server said before it went.
     */
    void writeFailed(String shown, IOException e) {
        if (failedWrite != null) {
            return;
        }
        failedWrite = shown;
        long now = System.nanoTime();
        drainUntil = now + Math.min(WRITE_FAILURE_REPLY.toNanos(), readTimeout.toNanos());
        if (brokenBecause == null) {
            brokenBecause = "a write failed during " + shown + ": " + e;
        }
        dataOpen = false;
    }

    /** True once a write failed: what was written after it never went. */
    boolean writeHasFailed() {
        return failedWrite != null;
    }

    /**
     * The current message's end of data (the terminating {@code CRLF.CRLF}, or the last byte of
     * {@code BDAT n LAST}'s chunk) has been buffered whole: from here on the server may have it.
     * Does nothing when the write had failed before it.
     */
    void endWritten() {
        if (failedWrite == null && connection != null) {
            endMark = connection.position();
        }
    }

    /** Whether the current message's end of data was written at all (buffered whole). */
    boolean endWasWritten() {
        return endMark >= 0;
    }

    /**
     * Whether the current message's end of data can have reached the server: it was buffered,
     * and either the writes that carried it returned, or the one that failed had more bytes after
     * it (a failed write never hands over its last byte).
     */
    boolean endMayHaveGoneOut() {
        return endMark >= 0 && connection != null && connection.mayHaveSent(endMark);
    }

    /** The current message has its outcome: counted, its transaction and its end of data closed. */
    void messageEnded() {
        endMark = -1;
        inTransaction = false;
        messageCount++;
    }

    /** Bounds everything that follows, reads, writes and connecting, by a total time; null lifts the bound. */
    void timeLimit(@Nullable Duration limit) {
        this.timeLimit = limit;
        this.deadlineNanos = limit == null ? 0 : System.nanoTime() + limit.toNanos();
        if (connection != null) {
            if (limit == null) {
                connection.clearDeadline();
            } else {
                connection.deadline(deadlineNanos);
            }
        }
    }

    /** The time limit in force and its deadline, to put back after a batch that set its own. */
    record Limit(@Nullable Duration limit, long deadlineNanos) {}

    Limit limit() {
        return new Limit(timeLimit, deadlineNanos);
    }

    void restore(Limit saved) {
        this.timeLimit = saved.limit();
        this.deadlineNanos = saved.deadlineNanos();
        if (connection != null) {
            if (saved.limit() == null) {
                connection.clearDeadline();
            } else {
                connection.deadline(deadlineNanos);
            }
        }
    }

    SmtpReply read(String shown) {
        return read(shown, readTimeout);
    }

    /**
     * Reads one reply, which must arrive whole within {@code timeout} and the time limit. After a
     * failed write it reads only what the server sent before the connection went, and its failure
     * is the write's.
     */
    SmtpReply read(String shown, Duration timeout) {
        SmtpReply reply;
        if (closed) {
            throw new SmtpConnectionException("the connection is closed: " + brokenBecause, shown, null);
        }
        try {
            lastReadTimeout = timeout;
            if (failedWrite != null) {
                long left = drainUntil - System.nanoTime();
                if (left <= 0) {
                    throw afterFailedWrite(null);
                }
                timeout = Duration.ofNanos(Math.min(left, timeout.toNanos()));
            }
            reply = connection().readReply(timeout);
        } catch (IOException e) {
            throw failedWrite != null ? afterFailedWrite(e) : failed(shown, e);
        }
        listener.replyReceived(reply);
        if (reply.code() == 421) {
            // RFC 5321 section 3.8: the server is closing the channel. Nothing more will be read,
            // so the 421 is the error, even in the middle of a pipelined group.
            breakConnection("the server replied 421 to " + shown);
            throw SmtpException.forReply(shown, reply);
        }
        return reply;
    }

    /** The error of the write that failed, the read that found nothing after it suppressed on it. */
    private SmtpException afterFailedWrite(@Nullable IOException read) {
        IOException write = connection == null ? null : connection.writeFailure();
        if (write == null) {
            write = new IOException("a write failed");
        }
        if (read != null && read != write) {
            write.addSuppressed(read);
        }
        return failed(String.valueOf(failedWrite), write);
    }

    SmtpReply call(String command) {
        return call(command, command);
    }

    SmtpReply call(String command, String shown) {
        send(command, shown);
        flush(shown);
        return read(shown);
    }

    /** Sends a command and throws the typed error unless the reply is 2xx. */
    SmtpReply expectOk(String command) {
        SmtpReply reply = call(command);
        if (!reply.isPositiveCompletion()) {
            throw SmtpException.forReply(command, reply);
        }
        return reply;
    }

    /** Maps an I/O failure to its typed error and breaks the connection. */
    SmtpException failed(String shown, IOException e) {
        breakConnection("of an error during " + shown + ": " + e);
        SocketTimeoutException timedOut = timeout(e);
        if (timedOut != null) {
            return new SmtpTimeoutException(describeTimeout(timedOut), shown, null, e, isTimeLimit(timedOut));
        }
        if (e instanceof MalformedReplyException) {
            return new SmtpProtocolException("malformed reply: " + e.getMessage(), shown, null, e);
        }
        if (e instanceof SSLException) {
            // After the handshake a TLS error is the connection breaking (a corrupted record, an
            // alert from the server or a middlebox): what it means for a message is its phase's.
            return new SmtpConnectionException("the TLS connection failed: " + e.getMessage(), shown, null, e);
        }
        return new SmtpConnectionException("connection failed: " + e, shown, null, e);
    }

    /** Tells whether the caller's time limit, not a step's own timeout, ended a read or write. */
    boolean isTimeLimit(SocketTimeoutException e) {
        return e instanceof IoTimeoutException t && t.isDeadline() && timeLimit != null;
    }

    /** Says which bound ended a read or write: the time limit, the write timeout or the read timeout. */
    String describeTimeout(SocketTimeoutException e) {
        boolean write = e instanceof IoTimeoutException t && t.isWrite();
        boolean byDeadline = e instanceof IoTimeoutException t && t.isDeadline();
        String bound = byDeadline && timeLimit != null
                ? "the time limit of " + timeLimit
                : write
                        ? "the write timeout of " + writeTimeout
                        : (lastReadTimeout.equals(readTimeout) ? "the read timeout of " : "the timeout of ")
                                + lastReadTimeout;
        return (write ? "the server stopped taking data" : "no reply from the server") + " within " + bound;
    }

    /** The timeout among an exception and its causes, or null when it is not one. */
    static @Nullable SocketTimeoutException timeout(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException t) {
                return t;
            }
        }
        return null;
    }

    /** Closes the socket at once, leaving the session unusable; never throws. */
    void breakConnection(String because) {
        if (brokenBecause == null) {
            brokenBecause = because;
        }
        inTransaction = false;
        dataOpen = false;
        if (!closed) {
            closed = true;
            if (connection != null) {
                connection.close();
            }
            listener.closed();
        }
    }
}
