package dev.netsmtp.session;

import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpProtocolException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.internal.IoTimeoutException;
import dev.netsmtp.internal.MalformedReplyException;
import dev.netsmtp.internal.SmtpConnection;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Commands out, replies in, for one session: tells the listeners, maps I/O failures to typed
 * errors, and breaks the connection on any failure that leaves the protocol state unknown (an
 * I/O error, a timeout, a malformed reply) and on 421, which {@link #read} raises as the error.
 */
final class Exchange {

    /** How long a failed write waits for the refusal the server may have sent before it closed. */
    private static final Duration WRITE_FAILURE_REPLY = Duration.ofSeconds(1);

    private final SmtpListener listener;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private @Nullable SmtpConnection connection;
    private @Nullable String brokenBecause;
    private boolean inTransaction;
    private boolean dataOpen;
    private long deadlineNanos;
    private int messageCount;
    private @Nullable Duration timeLimit;
    private Duration lastReadTimeout;

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

    void countMessage() {
        messageCount++;
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
        try {
            connection().write(command);
        } catch (IOException e) {
            throw writeFailed(shown, e);
        }
        listener.commandSent(shown);
    }

    void flush(String shown) {
        try {
            connection().flush();
        } catch (IOException e) {
            throw writeFailed(shown, e);
        }
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

    /**
     * Moves the deadline of the time limit in force to {@code deadlineNanos} (a
     * {@link System#nanoTime()}), the limit's length unchanged: each message of a pipelined batch
     * runs under its own. Does nothing when no limit is set.
     */
    void moveDeadline(long deadlineNanos) {
        if (timeLimit == null) {
            return;
        }
        this.deadlineNanos = deadlineNanos;
        if (connection != null) {
            connection.deadline(deadlineNanos);
        }
    }

    SmtpReply read(String shown) {
        return read(shown, readTimeout);
    }

    /** Reads one reply, which must arrive whole within {@code timeout} and the time limit. */
    SmtpReply read(String shown, Duration timeout) {
        SmtpReply reply;
        try {
            lastReadTimeout = timeout;
            reply = connection().readReply(timeout);
        } catch (IOException e) {
            throw failed(shown, e);
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

    /**
     * Maps a failed write: when the server sent a negative reply before it closed (a refusal in
     * the middle of the data, 421 at a limit), that reply is the error, read within a second;
     * otherwise the I/O error is. Breaks the connection either way.
     */
    SmtpException writeFailed(String shown, IOException e) {
        if (connection != null && brokenBecause == null && timeout(e) == null) {
            try {
                SmtpReply reply = connection.readReply(
                        WRITE_FAILURE_REPLY.compareTo(readTimeout) < 0 ? WRITE_FAILURE_REPLY : readTimeout);
                listener.replyReceived(reply);
                if (!reply.isPositiveCompletion() && !reply.isPositiveIntermediate()) {
                    breakConnection("the server refused with " + SmtpSyntax.printable(reply.toString())
                            + " and closed during " + shown);
                    return SmtpException.forReply(shown, reply);
                }
            } catch (IOException none) {
                e.addSuppressed(none);
            }
        }
        return failed(shown, e);
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
            return new SmtpTimeoutException(describeTimeout(timedOut), shown, null, e);
        }
        if (e instanceof MalformedReplyException) {
            return new SmtpProtocolException("malformed reply: " + e.getMessage(), shown, null, e);
        }
        if (e instanceof SSLException) {
            return new SmtpTlsException("TLS failure: " + e.getMessage(), shown, null, e);
        }
        return new SmtpConnectionException("connection failed: " + e, shown, null, e);
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
            inTransaction = false;
            dataOpen = false;
            if (connection != null) {
                connection.close();
            }
            listener.closed();
        }
    }
}
