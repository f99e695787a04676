/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
// One piece past ~400 lines: it implements the whole SmtpSession interface, Net::SMTP's many
// overloads each a line or two; the work is elsewhere (SessionOpening, Authentication,
// MailTransaction, StepCommands, MessageBatch). What stays here is the session's state.
package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.Envelope;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.internal.DotStuffingOutputStream;
import dev.netsmtp.internal.MessageBody;
import dev.netsmtp.internal.SessionMechanics;
import dev.netsmtp.tls.TlsMode;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The session: start-up (greeting, EHLO or HELO), the single steps, and whole transactions
 * through {@link MailTransaction}. Logs to {@code System.Logger} {@code dev.netsmtp.session}.
 */
final class DefaultSmtpSession implements SmtpSession, SessionMechanics {

    private static final System.Logger LOG = System.getLogger("dev.netsmtp.session");

    private enum State {
        NEW,
        OPEN,
        CLOSED
    }

    private final SmtpConfig config;
    private final Exchange ex;
    private final MailTransaction tx;
    private final StepCommands steps;
    private State state = State.NEW;
    private @Nullable SmtpReply greeting;
    private Capabilities capabilities = Capabilities.none();
    private boolean esmtp;

    DefaultSmtpSession(SmtpConfig config) {
        this.config = config;
        this.ex = new Exchange(config.listener(), config.readTimeout(), config.writeTimeout());
        this.tx = new MailTransaction(ex, config.recipientPolicy(), config.finalReplyTimeout(), config.lmtp());
        this.steps = new StepCommands(ex, tx);
    }

    @Override
    public void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("session already started");
        }
        state = State.OPEN;
        try {
            try {
                open(null);
            } catch (TokenRefusal refusal) {
                openAgain(refusal);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Connects, greets, says hello, negotiates TLS and logs in; the caller closes on failure. */
    private void open(dev.netsmtp.auth.@Nullable AccessToken token) {
        try {
            ex.attach(SessionOpening.connect(config, ex));
        } catch (SmtpException e) {
            state = State.CLOSED;
            throw e;
        }
        ex.listener().connected(config.host(), config.port());
        TlsNegotiation tls =
                new TlsNegotiation(ex, config.tls(), config.host(), config.readTimeout(), config.settingNames());
        if (config.tls().mode() == TlsMode.IMPLICIT) {
            tls.implicit();
        }
        greeting = SessionOpening.greeting(ex, config);
        hello(SessionOpening.hello(ex, config));
        if (tls.startTlsIfWanted(capabilities)) {
            // RFC 3207 section 4.2: forget everything learned before TLS and ask again.
            hello(SessionOpening.hello(ex, config));
        }
        new Authentication(ex, config)
                .authenticate(capabilities, ex.connection().isEncrypted(), token);
    }

    /**
     * The server refused the OAuth2 token (expired between refresh and use, or revoked): the source
     * is told, a new token got, and the login tried once more on a new connection, within the
     * same bounds. AUTH precedes MAIL, so no message can go twice. A second refusal, or a source
     * that gives the refused token again, is final.
     */
    private void openAgain(TokenRefusal refusal) {
        try {
            ex.call("QUIT");
        } catch (SmtpException e) {
            LOG.log(System.Logger.Level.DEBUG, "QUIT after a refused token failed", e);
        }
        ex.breakConnection("the server refused the OAuth2 token");
        refusal.source().refused(refusal.token());
        dev.netsmtp.auth.AccessToken next = new Authentication(ex, config).token(refusal.source());
        if (next.sameValue(refusal.token())) {
            throw refusal.failure(
                    "; the token source gave the refused token again, so the login was not tried once more");
        }
        ex.listener()
                .notice("the server refused the OAuth2 token; logging in once more with a new token on a new "
                        + "connection");
        ex.reopen();
        state = State.OPEN;
        try {
            open(next);
        } catch (TokenRefusal again) {
            again.source().refused(again.token());
            throw again.failure("; refused again after a new token on a new connection");
        }
    }

    private void hello(SessionOpening.Hello hello) {
        capabilities = hello.capabilities();
        esmtp = hello.esmtp();
    }

    /** The exchange, for tests of the outcome rule in this package. */
    Exchange exchange() {
        return ex;
    }

    @Override
    public boolean isStarted() {
        return state != State.NEW;
    }

    @Override
    public boolean isUsable() {
        return state == State.OPEN && !ex.isBroken();
    }

    @Override
    public boolean isEsmtp() {
        checkStarted();
        return esmtp;
    }

    @Override
    public Optional<InetSocketAddress> server() {
        return Optional.of(InetSocketAddress.createUnresolved(config.host(), config.port()));
    }

    @Override
    public boolean isEncrypted() {
        return isUsable() && ex.connection().isEncrypted();
    }

    @Override
    public SmtpReply greeting() {
        checkStarted();
        if (greeting == null) {
            throw new IllegalStateException("the server sent no greeting");
        }
        return greeting;
    }

    @Override
    public Capabilities capabilities() {
        checkStarted();
        return capabilities;
    }

    @Override
    public boolean inTransaction() {
        return ex.inTransaction();
    }

    @Override
    public void timeLimit(Duration limit) {
        if (limit.isZero() || limit.isNegative()) {
            throw new IllegalArgumentException("time limit must be positive, was " + limit);
        }
        ex.timeLimit(limit);
    }

    @Override
    public void clearTimeLimit() {
        ex.timeLimit(null);
    }

    @Override
    public int messageCount() {
        return ex.messageCount();
    }

    @Override
    public SendResult sendMessage(byte[] message, String from, String... to) {
        return sendMessage(Envelope.of(from, to), message);
    }

    @Override
    public SendResult sendMessage(byte[] message, String from, Collection<String> to) {
        return sendMessage(Envelope.of(from, to), message);
    }

    @Override
    public SendResult sendMessage(String message, String from, String... to) {
        return sendMessage(Envelope.of(from, to), message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public SendResult sendMessage(String message, String from, Collection<String> to) {
        return sendMessage(Envelope.of(from, to), message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public SendResult sendMessage(InputStream message, String from, String... to) {
        return sendMessage(Envelope.of(from, to), message);
    }

    @Override
    public SendResult sendMessage(InputStream message, String from, Collection<String> to) {
        return sendMessage(Envelope.of(from, to), message);
    }

    // Arguments are checked before anything is written: a null body fails here, not in the data.

    @Override
    public SendResult sendMessage(Envelope envelope, byte[] message) {
        return send(
                Objects.requireNonNull(envelope, "envelope"),
                MessageBody.of(Objects.requireNonNull(message, "message")));
    }

    @Override
    public SendResult sendMessage(Envelope envelope, InputStream message) {
        return send(
                Objects.requireNonNull(envelope, "envelope"),
                MessageBody.of(Objects.requireNonNull(message, "message")));
    }

    @Override
    public SendResult sendMessage(Envelope envelope, MessageWriter writer) {
        return send(
                Objects.requireNonNull(envelope, "envelope"), MessageBody.of(Objects.requireNonNull(writer, "writer")));
    }

    /** Every single send: its events, its checks before the wire, one transaction. */
    private SendResult send(Envelope envelope, MessageBody body) {
        checkIdle();
        ex.listener().transactionStarted(envelope, ex.details(config.host(), config.port()));
        try {
            checkRequireTls(envelope);
            EnvelopeCommands prepared = tx.prepare(envelope, body, capabilities);
            return Ended.sent(
                    ex, envelope, tx.send(prepared, body, MailTransaction.chunking(capabilities, config.chunking())));
        } catch (SmtpException e) {
            throw Ended.failed(ex, envelope, e);
        }
    }

    @Override
    public List<SendOutcome> sendMessages(List<OutgoingMessage> messages, BatchListener listener) {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(listener, "listener");
        checkIdle();
        return new MessageBatch(
                        ex,
                        tx,
                        capabilities,
                        this::checkRequireTls,
                        MailTransaction.chunking(capabilities, config.chunking()),
                        config.host(),
                        config.port(),
                        messages,
                        listener)
                .run();
    }

    @Override
    public MessageOutputStream openMessageStream(String from, String... to) {
        return openMessageStream(Envelope.of(from, to));
    }

    @Override
    public MessageOutputStream openMessageStream(Envelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        checkIdle();
        ex.listener().transactionStarted(envelope, ex.details(config.host(), config.port()));
        MailTransaction.Accepted accepted;
        try {
            checkRequireTls(envelope);
            accepted =
                    tx.openEnvelope(tx.prepare(envelope, MessageBody.of(InputStream.nullInputStream()), capabilities));
        } catch (SmtpException e) {
            throw Ended.failed(ex, envelope, e);
        }
        return new DefaultMessageOutputStream(
                ex,
                tx,
                envelope,
                accepted,
                new DotStuffingOutputStream(ex.connection().output()));
    }

    @Override
    public SmtpReply mailFrom(String from) {
        checkIdle();
        return steps.mailFrom(from, capabilities);
    }

    @Override
    public SmtpReply mailFrom(Envelope envelope) {
        checkIdle();
        checkRequireTls(envelope);
        return steps.mailFrom(envelope, capabilities);
    }

    private void checkRequireTls(Envelope envelope) {
        EnvelopeCommands.checkRequireTls(
                envelope, ex.connection().isEncrypted(), config.tls(), capabilities, config.settingNames());
    }

    @Override
    public SmtpReply rcptTo(String to) {
        return rcptTo(Envelope.Recipient.of(to));
    }

    @Override
    public SmtpReply rcptTo(Envelope.Recipient recipient) {
        checkUsable();
        return steps.rcptTo(recipient, capabilities);
    }

    @Override
    public SmtpReply data(byte[] message) {
        checkUsable();
        return steps.data(MessageBody.of(Objects.requireNonNull(message, "message")));
    }

    @Override
    public SmtpReply data(InputStream message) {
        checkUsable();
        return steps.data(MessageBody.of(Objects.requireNonNull(message, "message")));
    }

    @Override
    public SmtpReply rset() {
        checkUsable();
        SmtpReply reply = ex.expectOk("RSET");
        ex.inTransaction(false);
        steps.reset();
        return reply;
    }

    @Override
    public SmtpReply noop() {
        checkUsable();
        return ex.expectOk("NOOP");
    }

    @Override
    public SmtpReply quit() {
        checkUsable();
        try {
            return ex.call("QUIT");
        } finally {
            state = State.CLOSED;
            ex.breakConnection("the session was closed with QUIT");
        }
    }

    @Override
    public void close() {
        if (state != State.OPEN) {
            state = State.CLOSED;
            return;
        }
        if (ex.dataOpen()) {
            // QUIT would become part of the message; dropping the connection discards it (RFC 5321 3.8).
            ex.breakConnection("the session was closed with the message data open; the connection was dropped so "
                    + "that nothing is delivered");
        }
        if (!ex.isBroken()) {
            try {
                ex.call("QUIT");
            } catch (SmtpException e) {
                // RFC 5321 section 4.1.1.10: the transaction is over; a lost QUIT reply changes nothing.
                ex.listener().notice("QUIT failed, closing anyway: " + e.getMessage());
                LOG.log(System.Logger.Level.DEBUG, "QUIT failed, closing anyway", e);
            }
        }
        state = State.CLOSED;
        ex.breakConnection("the session was closed");
    }

    private void checkStarted() {
        if (state == State.NEW) {
            throw new IllegalStateException("session not started: call start() first");
        }
    }

    private void checkUsable() {
        checkStarted();
        if (state == State.CLOSED) {
            throw new IllegalStateException("session is closed");
        }
        if (ex.isBroken()) {
            throw new IllegalStateException("session is unusable because " + ex.brokenBecause());
        }
        if (ex.dataOpen()) {
            throw new IllegalStateException(
                    "the message data is open: commit() or abort() the message stream before anything else");
        }
    }

    private void checkIdle() {
        checkUsable();
        if (ex.inTransaction()) {
            throw new IllegalStateException("a mail transaction is already open (after mailFrom); finish it "
                    + "with data(...) or abandon it with rset()");
        }
    }

    @Override
    public String toString() {
        return "SmtpSession[" + config.host() + ":" + config.port() + ", " + state
                + (ex.isBroken() && state == State.OPEN ? " (broken)" : "") + "]";
    }
}
