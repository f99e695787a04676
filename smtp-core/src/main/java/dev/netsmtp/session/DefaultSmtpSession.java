package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.Envelope;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpInterruptedException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.SmtpUnsupportedCommandException;
import dev.netsmtp.internal.DotStuffingOutputStream;
import dev.netsmtp.internal.IoTimeoutException;
import dev.netsmtp.internal.MessageBody;
import dev.netsmtp.internal.SessionMechanics;
import dev.netsmtp.internal.SmtpConnection;
import dev.netsmtp.tls.TlsMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
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
    private State state = State.NEW;
    private @Nullable SmtpReply greeting;
    private Capabilities capabilities = Capabilities.none();
    private boolean esmtp;
    private boolean transactionUtf8;
    /** Recipients the step API's RCPTs had accepted: LMTP answers the data once for each. */
    private int acceptedRecipients;

    DefaultSmtpSession(SmtpConfig config) {
        this.config = config;
        this.ex = new Exchange(config.listener(), config.readTimeout(), config.writeTimeout());
        this.tx = new MailTransaction(ex, config.recipientPolicy(), config.finalReplyTimeout(), config.lmtp());
    }

    @Override
    public void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("session already started");
        }
        state = State.OPEN;
        String where = config.host() + ":" + config.port();
        try {
            ex.attach(SmtpConnection.connect(
                    config.host(),
                    config.port(),
                    config.resolver()::resolve,
                    config.connectTimeout(),
                    config.writeTimeout(),
                    ex.deadline()));
        } catch (SocketTimeoutException e) {
            state = State.CLOSED;
            String bound = e instanceof IoTimeoutException t && t.isDeadline()
                    ? "the time limit of " + ex.timeLimitValue()
                    : "the connect timeout of " + config.connectTimeout();
            throw new SmtpTimeoutException("could not connect to " + where + " within " + bound, null, null, e);
        } catch (InterruptedIOException e) {
            state = State.CLOSED;
            throw new SmtpInterruptedException("interrupted while connecting to " + where, e);
        } catch (IOException e) {
            state = State.CLOSED;
            throw new SmtpConnectionException("could not connect to " + where + ": " + e, null, null, e);
        }
        ex.listener().connected(config.host(), config.port());
        try {
            TlsNegotiation tls = new TlsNegotiation(ex, config.tls(), config.host(), config.readTimeout());
            if (config.tls().mode() == TlsMode.IMPLICIT) {
                tls.implicit();
            }
            SmtpReply hello = ex.read("<greeting>");
            greeting = hello;
            if (hello.code() != 220) {
                // RFC 5321 section 3.1: after a 554 greeting the client should still say QUIT.
                throw SmtpException.forReply("<greeting from " + where + ">", hello);
            }
            hello();
            if (tls.startTlsIfWanted(capabilities)) {
                // RFC 3207 section 4.2: forget everything learned before TLS and ask again.
                capabilities = Capabilities.none();
                hello();
            }
            new Authentication(ex, config)
                    .authenticate(capabilities, ex.connection().isEncrypted());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** EHLO, and HELO when the server refuses EHLO with 5xx (RFC 5321 section 4.1.4). */
    private void hello() {
        if (config.lmtp()) {
            // RFC 2033 section 4.1: LHLO, and no HELO to fall back to.
            String lhlo = "LHLO " + config.helo();
            capabilities = Capabilities.parse(ex.expectOk(lhlo));
            esmtp = true;
            return;
        }
        String ehlo = "EHLO " + config.helo();
        SmtpReply reply = ex.call(ehlo);
        // RFC 5321 section 4.2.1: the first digit decides. A 2xx other than 250 (Net::SMTP's own
        // test server answers 220) is still a positive EHLO reply; what is sent stays strict.
        if (reply.isPositiveCompletion()) {
            capabilities = Capabilities.parse(reply);
            esmtp = true;
            return;
        }
        if (!reply.isPermanentNegative()) {
            throw SmtpException.forReply(ehlo, reply);
        }
        ex.listener().notice("EHLO refused with " + reply.code() + "; falling back to HELO");
        ex.expectOk("HELO " + config.helo());
        capabilities = Capabilities.none();
        esmtp = false;
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

    @Override
    public SendResult sendMessage(Envelope envelope, byte[] message) {
        return send(envelope, MessageBody.of(message));
    }

    @Override
    public SendResult sendMessage(Envelope envelope, InputStream message) {
        return send(envelope, MessageBody.of(message));
    }

    @Override
    public SendResult sendMessage(Envelope envelope, MessageWriter writer) {
        return send(envelope, MessageBody.of(writer));
    }

    private SendResult send(Envelope envelope, MessageBody body) {
        checkIdle();
        checkRequireTls(envelope);
        try {
            if (MailTransaction.chunking(capabilities, config.chunking())) {
                SendResult result = body.size() >= 0
                        ? tx.sendChunked(envelope, body, capabilities)
                        : tx.sendStreamedChunks(envelope, body, capabilities);
                ex.listener().messageSent(envelope, result);
                return result;
            }
            MailTransaction.Accepted accepted = tx.openEnvelope(envelope, body, capabilities);
            SendResult result = tx.result(
                    accepted, tx.sendData(body, envelope, accepted.accepted().size()));
            ex.listener().messageSent(envelope, result);
            return result;
        } catch (SmtpException e) {
            ex.listener().messageFailed(envelope, e);
            throw e;
        }
    }

    @Override
    public List<SendOutcome> sendMessages(List<OutgoingMessage> messages, BatchListener listener) {
        checkIdle();
        if (!capabilities.supportsPipelining() || MailTransaction.chunking(capabilities, config.chunking())) {
            // BDAT ... LAST already makes each message one round trip; without PIPELINING every
            // command waits for its reply.
            return SmtpSession.super.sendMessages(messages, listener);
        }
        return new PipelinedBatch(ex, tx, capabilities, this::checkRequireTls, messages, listener).run();
    }

    @Override
    public MessageOutputStream openMessageStream(String from, String... to) {
        return openMessageStream(Envelope.of(from, to));
    }

    @Override
    public MessageOutputStream openMessageStream(Envelope envelope) {
        checkIdle();
        checkRequireTls(envelope);
        MailTransaction.Accepted accepted;
        try {
            accepted = tx.openEnvelope(envelope, MessageBody.of(InputStream.nullInputStream()), capabilities);
        } catch (SmtpException e) {
            ex.listener().messageFailed(envelope, e);
            throw e;
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
        acceptedRecipients = 0;
        if (!from.isEmpty()) {
            SmtpSyntax.checkMailbox("reverse path", from);
        }
        if (!SmtpSyntax.isAscii(from) && !capabilities.supportsSmtpUtf8()) {
            from = SmtpSyntax.asciiDomainForm(from).orElse(from);
        }
        boolean utf8 = !SmtpSyntax.isAscii(from);
        if (utf8 && !capabilities.supportsSmtpUtf8()) {
            throw new SmtpUnsupportedCommandException(
                    "the server does not advertise SMTPUTF8, which the non-ASCII reverse path needs", null, null);
        }
        SmtpReply reply = ex.expectOk("MAIL FROM:<" + from + ">" + (utf8 ? " SMTPUTF8" : ""));
        ex.inTransaction(true);
        transactionUtf8 = utf8;
        return reply;
    }

    @Override
    public SmtpReply mailFrom(Envelope envelope) {
        checkIdle();
        acceptedRecipients = 0;
        checkRequireTls(envelope);
        // The same command sendMessage sends: SMTPUTF8 decided over every address of the
        // envelope, DSN's RET and ENVID, BODY=8BITMIME, the envelope's own parameters.
        String mail = MailTransaction.mailCommand(
                MailTransaction.forServer(envelope, capabilities, ex),
                MessageBody.of(InputStream.nullInputStream()),
                capabilities);
        SmtpReply reply = ex.expectOk(mail);
        ex.inTransaction(true);
        transactionUtf8 = mail.contains(" SMTPUTF8");
        return reply;
    }

    /**
     * RFC 8689 section 4.1: REQUIRETLS only over TLS with the certificate verified, to a server
     * that advertised it after STARTTLS; otherwise nothing is sent (4.2.1: never dropped).
     */
    private void checkRequireTls(Envelope envelope) {
        if (!envelope.requiresTls()) {
            return;
        }
        if (!ex.connection().isEncrypted()) {
            throw new SmtpTlsException(
                    "the message asks for REQUIRETLS (RFC 8689) but the session is not encrypted; use "
                            + "TlsMode.STARTTLS_REQUIRED or IMPLICIT; nothing was sent",
                    null,
                    null);
        }
        if (!config.tls().verifyCertificate() || !config.tls().verifyHostname()) {
            throw new SmtpTlsException(
                    "the message asks for REQUIRETLS (RFC 8689) but the server's certificate is not verified "
                            + "(tlsVerifyCertificate or tlsVerifyHostname is off); nothing was sent",
                    null,
                    null);
        }
        if (!capabilities.supports("REQUIRETLS")) {
            throw new SmtpUnsupportedCommandException(
                    "the message asks for REQUIRETLS (RFC 8689) but the server does not advertise it; it is never "
                            + "dropped silently (RFC 8689 section 4.2.1); nothing was sent",
                    null,
                    null);
        }
    }

    @Override
    public SmtpReply rcptTo(String to) {
        return rcptTo(Envelope.Recipient.of(to));
    }

    @Override
    public SmtpReply rcptTo(Envelope.Recipient recipient) {
        checkUsable();
        if (!transactionUtf8 && !SmtpSyntax.isAscii(recipient.address()) && !capabilities.supportsSmtpUtf8()) {
            // A domain has an ASCII form; a local part has none.
            String ascii = SmtpSyntax.asciiDomainForm(recipient.address()).orElse(null);
            if (ascii != null) {
                recipient = new Envelope.Recipient(ascii, recipient.notifyOn(), recipient.originalRecipient());
            }
        }
        if (!transactionUtf8 && !SmtpSyntax.isAscii(recipient.address())) {
            throw new SmtpUnsupportedCommandException(
                    "the recipient " + recipient.address() + " is not ASCII, but MAIL FROM was sent without SMTPUTF8 "
                            + "(RFC 6531 section 3.4: it is decided when the transaction opens); open the transaction "
                            + "with mailFrom(Envelope), which decides it over every address; nothing was sent",
                    null,
                    null);
        }
        SmtpReply reply = ex.expectOk(MailTransaction.rcptCommand(recipient, capabilities));
        acceptedRecipients++;
        return reply;
    }

    @Override
    public SmtpReply data(byte[] message) {
        return data(MessageBody.of(message));
    }

    @Override
    public SmtpReply data(InputStream message) {
        return data(MessageBody.of(message));
    }

    private SmtpReply data(MessageBody body) {
        checkUsable();
        SmtpReply reply = ex.call("DATA");
        if (reply.code() != 354) {
            throw SmtpException.forReply("DATA", reply);
        }
        ex.dataOpen(true);
        List<SmtpReply> replies = tx.sendData(body, null, acceptedRecipients);
        acceptedRecipients = 0;
        // LMTP: one reply per accepted recipient; the first refusal is the step's answer.
        for (SmtpReply r : replies) {
            if (!r.isPositiveCompletion()) {
                throw SmtpException.forReply(MailTransaction.END_OF_DATA, r);
            }
        }
        return replies.get(replies.size() - 1);
    }

    @Override
    public SmtpReply rset() {
        checkUsable();
        SmtpReply reply = ex.expectOk("RSET");
        ex.inTransaction(false);
        acceptedRecipients = 0;
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
