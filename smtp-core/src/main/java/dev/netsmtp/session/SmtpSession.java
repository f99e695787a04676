/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.Envelope;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One conversation with an SMTP server over one connection, Net::SMTP's session object.
 *
 * <p>{@link Smtp#start(SmtpConfig)} returns a started session; {@link Smtp#newSession} returns one
 * to {@link #start()} yourself. {@link #close()} sends QUIT and closes the socket. The
 * {@code sendMessage} methods run a whole transaction (MAIL, RCPT for every recipient, DATA),
 * pipelined when the server offers PIPELINING; {@link #mailFrom}, {@link #rcptTo} and
 * {@code data} are the single steps for callers who want them.
 *
 * <p>A session is not thread-safe: use it from one thread at a time. After a timeout, an I/O
 * error, a malformed reply or a 421 it is {@linkplain #isUsable() unusable}, its socket closed.
 * Errors are unchecked {@link dev.netsmtp.SmtpException}s; a refused recipient under
 * {@link dev.netsmtp.RecipientPolicy#PARTIAL} is data in the {@link SendResult}.
 */
public interface SmtpSession extends AutoCloseable {

    /**
     * Connects, reads the greeting and says EHLO (HELO when EHLO is refused), as Net::SMTP's
     * {@code start}.
     *
     * @throws IllegalStateException when already started
     * @throws dev.netsmtp.SmtpException when the server cannot be reached or refuses the session
     */
    void start();

    /**
     * Tells whether {@link #start()} has succeeded.
     *
     * @return true once started, also after close
     */
    boolean isStarted();

    /**
     * Tells whether the session can still be used: started, not closed, not broken.
     *
     * @return true when usable
     */
    boolean isUsable();

    /**
     * Tells whether EHLO was accepted (the server speaks ESMTP); false after a HELO fallback.
     *
     * @return true for ESMTP
     */
    boolean isEsmtp();

    /**
     * Tells whether the connection is protected by TLS.
     *
     * @return true after implicit TLS or STARTTLS
     */
    boolean isEncrypted();

    /**
     * Returns the server this session talks to, as configured: the host name as given (an
     * A-label for an internationalized one; never a reverse lookup) and the port. After failover
     * it is the server that answered, not the first of the list.
     *
     * @return the server, unresolved; empty when the implementation cannot say
     */
    default Optional<InetSocketAddress> server() {
        return Optional.empty();
    }

    /**
     * Returns the server's greeting.
     *
     * @return the 220 reply
     * @throws IllegalStateException before start
     */
    SmtpReply greeting();

    /**
     * Returns what the server advertised in its (latest) EHLO reply.
     *
     * @return the capabilities; {@link Capabilities#none()} after HELO
     * @throws IllegalStateException before start
     */
    Capabilities capabilities();

    /**
     * Sends a message held in memory.
     *
     * @param message the message (RFC 5322 headers and body); any line ends
     * @param from the reverse path, or {@link Envelope#NULL_REVERSE_PATH}
     * @param to at least one recipient
     * @return the per-recipient outcome and the final reply
     * @throws IllegalArgumentException when there is no recipient or an address is not allowed
     * @throws dev.netsmtp.SmtpException when the server refuses or the connection fails
     */
    SendResult sendMessage(byte[] message, String from, String... to);

    /**
     * Sends a message held in memory.
     *
     * @param message the message
     * @param from the reverse path
     * @param to at least one recipient
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the server refuses or the connection fails
     */
    SendResult sendMessage(byte[] message, String from, Collection<String> to);

    /**
     * Sends a message given as text, encoded as UTF-8.
     *
     * @param message the message
     * @param from the reverse path
     * @param to at least one recipient
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the server refuses or the connection fails
     */
    SendResult sendMessage(String message, String from, String... to);

    /**
     * Sends a message given as text, encoded as UTF-8.
     *
     * @param message the message
     * @param from the reverse path
     * @param to at least one recipient
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the server refuses or the connection fails
     */
    SendResult sendMessage(String message, String from, Collection<String> to);

    /**
     * Streams a message; it is never held whole in memory. The stream is read to its end and not
     * closed. If reading it fails half-way the connection is dropped so that nothing is delivered.
     *
     * @param message the message
     * @param from the reverse path
     * @param to at least one recipient
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the server refuses or the connection fails
     */
    SendResult sendMessage(InputStream message, String from, String... to);

    /**
     * Streams a message; see {@link #sendMessage(InputStream, String, String...)}.
     *
     * @param message the message
     * @param from the reverse path
     * @param to at least one recipient
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the server refuses or the connection fails
     */
    SendResult sendMessage(InputStream message, String from, Collection<String> to);

    /**
     * Sends a message held in memory with a full envelope (DSN and other parameters).
     *
     * @param envelope the envelope
     * @param message the message
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the server refuses or the connection fails
     */
    SendResult sendMessage(Envelope envelope, byte[] message);

    /**
     * Streams a message with a full envelope.
     *
     * @param envelope the envelope
     * @param message the message, read to its end and not closed
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the server refuses or the connection fails
     */
    SendResult sendMessage(Envelope envelope, InputStream message);

    /**
     * Sends a message written by a callback, streamed as it is written.
     *
     * @param envelope the envelope
     * @param writer writes the message
     * @return the outcome
     * @throws dev.netsmtp.SmtpException when the server refuses or the connection fails
     */
    SendResult sendMessage(Envelope envelope, MessageWriter writer);

    /**
     * Sends several messages, in order, on this session, as fast as the server allows: with
     * PIPELINING and without CHUNKING the end of each message's data, the next message's MAIL,
     * RCPTs and DATA go out in one write (RFC 2920 section 3.1), so N messages cost N+1 round
     * trips instead of 2N; with CHUNKING each message is one round trip ({@code BDAT n LAST}
     * with its envelope); without PIPELINING they go one after the other. Each message gets its
     * own outcome, as {@link #sendMessage(Envelope, byte[])} would give it; a refused message does
     * not stop the others.
     *
     * <p>The list returned holds the outcomes of the messages tried, in order: all of them, or
     * fewer when the connection was lost or dropped, in which case the last outcome is the error
     * that ended the session and the messages after it were not delivered (a message whose
     * envelope had gone out but not its data included): send them again on another session. A
     * {@linkplain #timeLimit(Duration) time limit} set on the session bounds the whole batch; a
     * bound per message comes from {@link BatchListener#timeLimit(int)}.
     *
     * @param messages the messages
     * @return one outcome for each message tried, a prefix of {@code messages}
     * @throws IllegalStateException when the session is not usable or a transaction is open
     */
    default List<SendOutcome> sendMessages(List<OutgoingMessage> messages) {
        return sendMessages(messages, BatchListener.NONE);
    }

    /**
     * {@link #sendMessages(List)}, telling {@code listener} as each message starts and ends, and
     * bounding each message by {@link BatchListener#timeLimit(int)} when it gives one. This
     * default sends them one after the other with {@link #sendMessage(Envelope, byte[])}, each
     * under its own limit ({@link #timeLimit(Duration)}, which stays set afterwards).
     *
     * @param messages the messages
     * @param listener hears each message start and end
     * @return one outcome for each message tried, a prefix of {@code messages}
     * @throws IllegalStateException when the session is not usable or a transaction is open
     */
    default List<SendOutcome> sendMessages(List<OutgoingMessage> messages, BatchListener listener) {
        List<SendOutcome> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            OutgoingMessage m = messages.get(i);
            listener.starting(i);
            listener.timeLimit(i).ifPresent(this::timeLimit);
            SendOutcome outcome;
            try {
                outcome = SendOutcome.of(m, sendMessage(m.envelope(), m.content()), null);
            } catch (SmtpException e) {
                outcome = SendOutcome.of(m, null, e);
            }
            out.add(outcome);
            listener.finished(i, outcome);
            if (outcome.error().isPresent() && !isUsable()) {
                break;
            }
        }
        return out;
    }

    /**
     * Runs MAIL and RCPT for every recipient and DATA, then returns a stream for the message,
     * Net::SMTP's {@code open_message_stream}. {@link MessageOutputStream#commit()} ends the data;
     * closing the stream without it drops the connection, so nothing half-written is delivered.
     *
     * @param from the reverse path
     * @param to at least one recipient
     * @return the message stream
     * @throws dev.netsmtp.SmtpException when the envelope is refused
     */
    MessageOutputStream openMessageStream(String from, String... to);

    /**
     * Runs MAIL, RCPT and DATA for an envelope, then returns a stream for the message.
     *
     * @param envelope the envelope
     * @return the message stream
     * @throws dev.netsmtp.SmtpException when the envelope is refused
     */
    MessageOutputStream openMessageStream(Envelope envelope);

    /**
     * Sends MAIL FROM, starting a transaction. SMTPUTF8 is added for a non-ASCII address.
     *
     * @param from the reverse path, or {@link Envelope#NULL_REVERSE_PATH}
     * @return the 2xx reply
     * @throws dev.netsmtp.SmtpException when refused
     */
    SmtpReply mailFrom(String from);

    /**
     * Sends MAIL FROM with every parameter {@code sendMessage} would send for this envelope:
     * SMTPUTF8 when any of its addresses needs it, DSN's RET and ENVID when the server offers DSN,
     * BODY=8BITMIME when it offers 8BITMIME, and the envelope's own MAIL parameters. Follow it with
     * {@link #rcptTo(Envelope.Recipient)} for each recipient.
     *
     * @param envelope the envelope of the transaction
     * @return the 2xx reply
     * @throws dev.netsmtp.SmtpUnsupportedCommandException when SMTPUTF8 is needed and not offered;
     *     nothing is sent
     * @throws dev.netsmtp.SmtpException when refused
     */
    SmtpReply mailFrom(Envelope envelope);

    /**
     * Sends RCPT TO for one recipient.
     *
     * @param to the recipient
     * @return the 2xx reply
     * @throws dev.netsmtp.SmtpUnsupportedCommandException when the address is not ASCII and the
     *     transaction was opened without SMTPUTF8; nothing is sent
     * @throws dev.netsmtp.SmtpException when refused
     */
    SmtpReply rcptTo(String to);

    /**
     * Sends RCPT TO for one recipient with its DSN parameters (NOTIFY, ORCPT) when the server
     * offers DSN, as {@code sendMessage} does.
     *
     * @param recipient the recipient
     * @return the 2xx reply
     * @throws dev.netsmtp.SmtpUnsupportedCommandException when the address is not ASCII and the
     *     transaction was opened without SMTPUTF8; nothing is sent
     * @throws dev.netsmtp.SmtpException when refused
     */
    SmtpReply rcptTo(Envelope.Recipient recipient);

    /**
     * Sends DATA and the message, after {@link #mailFrom} and {@link #rcptTo}.
     *
     * @param message the message
     * @return the final 2xx reply
     * @throws dev.netsmtp.SmtpException when refused or the connection fails
     */
    SmtpReply data(byte[] message);

    /**
     * Sends DATA and streams the message.
     *
     * @param message the message, read to its end and not closed
     * @return the final 2xx reply
     * @throws dev.netsmtp.SmtpException when refused or the connection fails
     */
    SmtpReply data(InputStream message);

    /**
     * Sends RSET, abandoning any transaction.
     *
     * @return the 2xx reply
     * @throws dev.netsmtp.SmtpException when refused or the connection fails
     */
    SmtpReply rset();

    /**
     * Sends NOOP, to check the connection is alive.
     *
     * @return the 2xx reply
     * @throws dev.netsmtp.SmtpException when refused or the connection fails
     */
    SmtpReply noop();

    /**
     * Sends QUIT and closes the connection.
     *
     * @return the server's reply, normally 221
     * @throws dev.netsmtp.SmtpException when the connection fails before the reply
     */
    SmtpReply quit();

    /**
     * Bounds the total time of everything the session does from now on, on top of the read,
     * write and connect timeouts: every reply read, every write and, when called before
     * {@link #start()}, the DNS lookup, connect, greeting, EHLO, TLS handshake and AUTH. When the
     * limit passes the session fails with {@link dev.netsmtp.SmtpTimeoutException} and its socket
     * is closed, also in the middle of a write that the server does not read.
     *
     * @param limit a positive duration from now
     * @throws IllegalArgumentException when not positive
     */
    void timeLimit(Duration limit);

    /**
     * Lifts the bound set by {@link #timeLimit(Duration)}; reads and writes are bounded by their
     * own timeouts again.
     */
    void clearTimeLimit();

    /**
     * Sends QUIT if the session is usable, then closes the socket. Never throws: a QUIT that
     * fails is reported to the listeners and ignored. Calling it again does nothing.
     */
    @Override
    void close();
}
