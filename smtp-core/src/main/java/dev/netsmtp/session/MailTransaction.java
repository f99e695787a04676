package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.DsnNotify;
import dev.netsmtp.Envelope;
import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.RecipientResult;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpMessageTooLargeException;
import dev.netsmtp.SmtpProtocolException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.SmtpUnknownReplyException;
import dev.netsmtp.SmtpUnsupportedCommandException;
import dev.netsmtp.internal.DotStuffingOutputStream;
import dev.netsmtp.internal.MessageBody;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One mail transaction (RFC 5321 section 3.3): the envelope, pipelined when the server offers
 * PIPELINING (RFC 2920), then the data and its reply.
 *
 * <p>DATA joins the pipelined group only when no refusal could make it unwanted: one recipient,
 * or the {@link RecipientPolicy#PARTIAL} policy. With several recipients under
 * {@code ALL_OR_NOTHING}, DATA waits for the RCPT replies, since a server that answered 354
 * could then be stopped only by dropping the connection.
 */
final class MailTransaction {

    static final String END_OF_DATA = "<CRLF>.<CRLF>";

    /** The step a failed data write names: nothing of the message was delivered. */
    static final String MESSAGE_DATA = "message data (not delivered)";

    private final Exchange ex;
    private final RecipientPolicy policy;
    private final Duration finalReplyTimeout;
    private final boolean lmtp;

    MailTransaction(Exchange ex, RecipientPolicy policy, Duration finalReplyTimeout, boolean lmtp) {
        this.ex = ex;
        this.policy = policy;
        this.finalReplyTimeout = finalReplyTimeout;
        this.lmtp = lmtp;
    }

    /** The envelope as accepted: the recipients the server took and those it refused. */
    record Accepted(List<RecipientResult> accepted, List<RecipientResult> rejected) {}

    /**
     * Runs MAIL, every RCPT and DATA, and returns when the server has answered 354. Every check
     * that can fail without the server runs before the first byte is written.
     */
    Accepted openEnvelope(Envelope given, MessageBody body, Capabilities caps) {
        Prepared p = prepare(given, body, caps);
        if (!p.pipelining()) {
            ex.listener().transactionStarted(p.given());
            SmtpReply mailReply = ex.call(p.mail());
            List<SmtpReply> rcptReplies = new ArrayList<>(p.rcpts().size());
            if (mailReply.isPositiveCompletion()) {
                for (String rcpt : p.rcpts()) {
                    rcptReplies.add(ex.call(rcpt));
                }
            }
            Accepted accepted = judgeEnvelope(p, mailReply, rcptReplies, NOTHING_BEHIND);
            startData(null);
            return accepted;
        }
        int written = writeFirstGroup(p);
        ex.flush(p.mail());
        return readEnvelope(p, written);
    }

    /**
     * Commands whose replies may be unread at one time. RFC 2920 section 3.1 asks a client that
     * does not read while it writes to keep a group within what the socket buffers hold: a server
     * blocked writing replies nobody reads stops reading, and the client's write never ends. A
     * hundred replies of at most 512 octets fit the smallest buffers of common stacks.
     */
    static final int MAX_GROUP = 100;

    /**
     * An envelope ready to go: every check that needs no server passed, the commands built.
     *
     * @param given the envelope as the caller gave it, which listeners hear
     * @param envelope the envelope as this server takes it ({@link #forServer})
     * @param dataInGroup whether DATA may follow the RCPTs unread: one recipient or PARTIAL, so
     *     that no refusal can make the message unwanted once the server answered 354
     */
    record Prepared(
            Envelope given,
            Envelope envelope,
            String mail,
            List<String> rcpts,
            boolean pipelining,
            boolean dataInGroup) {
        /** The same envelope for a caller that writes its own data command (BDAT) into the group. */
        Prepared withoutData() {
            return new Prepared(given, envelope, mail, rcpts, pipelining, false);
        }
    }

    Prepared prepare(Envelope given, MessageBody body, Capabilities caps) {
        Envelope envelope = forServer(given, caps, ex);
        String mail = mailCommand(envelope, body, caps);
        List<String> rcpts = rcptCommands(envelope, caps);
        boolean pipelining = caps.supportsPipelining();
        boolean dataInGroup =
                pipelining && (policy == RecipientPolicy.PARTIAL || rcpts.size() == 1) && rcpts.size() + 2 <= MAX_GROUP;
        return new Prepared(given, envelope, mail, rcpts, pipelining, dataInGroup);
    }

    /**
     * Buffers MAIL, the RCPTs that fit one group and DATA when it joins, without flushing, so
     * that a caller can put them behind what it wrote before (RFC 2920 section 3.1: the end of
     * the previous message may open the group).
     *
     * @return how many RCPTs were written
     */
    int writeFirstGroup(Prepared p) {
        int written = Math.min(p.rcpts().size(), MAX_GROUP - 1);
        ex.listener().transactionStarted(p.given());
        ex.send(p.mail());
        for (int i = 0; i < written; i++) {
            ex.send(p.rcpts().get(i));
        }
        if (p.dataInGroup()) {
            ex.send("DATA");
        }
        return written;
    }

    /**
     * Reads the replies of the first group, sends the RCPTs that did not fit it in groups of
     * {@value #MAX_GROUP}, then DATA unless it was in the group; returns once the server answered
     * 354.
     */
    Accepted readEnvelope(Prepared p, int written) {
        GroupReplies r = readGroup(p, written);
        Accepted accepted = judgeEnvelope(p, r.mail(), r.rcpts(), why -> dropIfDataStarted(r.data(), why));
        startData(r.data());
        return accepted;
    }

    /** The replies to an envelope: MAIL's, each RCPT's, and DATA's when it was in the group. */
    private record GroupReplies(SmtpReply mail, List<SmtpReply> rcpts, @Nullable SmtpReply data) {}

    /**
     * Reads the replies of the first group (every one, whatever came before, to stay in step),
     * then, when MAIL was accepted, sends and reads the other groups of RCPTs.
     */
    private GroupReplies readGroup(Prepared p, int written) {
        SmtpReply mailReply = ex.read(p.mail());
        List<SmtpReply> rcptReplies = new ArrayList<>(p.rcpts().size());
        for (int i = 0; i < written; i++) {
            rcptReplies.add(ex.read(p.rcpts().get(i)));
        }
        SmtpReply dataReply = p.dataInGroup() ? ex.read("DATA") : null;
        if (mailReply.isPositiveCompletion()) {
            readOtherGroups(p, written, rcptReplies);
        }
        return new GroupReplies(mailReply, rcptReplies, dataReply);
    }

    /** The RCPTs after the first group, a group at a time, each read before the next is written. */
    private void readOtherGroups(Prepared p, int written, List<SmtpReply> rcptReplies) {
        for (int from = written; from < p.rcpts().size(); from += MAX_GROUP) {
            int to = Math.min(p.rcpts().size(), from + MAX_GROUP);
            for (int i = from; i < to; i++) {
                ex.send(p.rcpts().get(i));
            }
            ex.flush(p.rcpts().get(from));
            for (int i = from; i < to; i++) {
                rcptReplies.add(ex.read(p.rcpts().get(i)));
            }
        }
    }

    /**
     * Judges the envelope's replies: a refusal is thrown (after RSET when MAIL was accepted),
     * acceptance returned. {@code onRefusal} runs first, with why: what was pipelined behind the
     * envelope must be dealt with (a 354 to drop, a chunk's reply to read).
     */
    private Accepted judgeEnvelope(
            Prepared p, SmtpReply mailReply, List<SmtpReply> rcptReplies, Consumer<String> onRefusal) {
        if (!mailReply.isPositiveCompletion()) {
            onRefusal.accept("MAIL was refused");
            throw SmtpException.forReply(p.mail(), mailReply);
        }
        ex.inTransaction(true);

        Accepted split = split(p.envelope(), rcptReplies);
        List<RecipientResult> accepted = split.accepted();
        List<RecipientResult> rejected = split.rejected();
        if (accepted.isEmpty() || (policy == RecipientPolicy.ALL_OR_NOTHING && !rejected.isEmpty())) {
            onRefusal.accept("recipients were refused");
            reset();
            throw new SmtpRecipientsRefusedException(rejected, accepted);
        }
        return split;
    }

    /** Nothing went behind the envelope: a refusal needs nothing more. */
    private static final Consumer<String> NOTHING_BEHIND = why -> {};

    /** DATA, unless its reply came with the group; returns once the server answered 354. */
    private void startData(@Nullable SmtpReply dataReply) {
        if (dataReply == null) {
            dataReply = ex.call("DATA");
        }
        if (dataReply.code() != 354) {
            reset();
            if (dataReply.isPositiveCompletion() || dataReply.isPositiveIntermediate()) {
                throw new SmtpUnknownReplyException("DATA must be answered with 354", "DATA", dataReply);
            }
            throw SmtpException.forReply("DATA", dataReply);
        }
        ex.dataOpen(true);
    }

    /**
     * Sends a message of unknown size by BDAT chunks (RFC 3030; {@link ChunkWriter}): the envelope
     * as one group, read and judged as for DATA, then the chunks, more than one in flight, and
     * {@code BDAT n LAST}. Nothing is delivered before LAST; a lost reply after it is uncertain.
     */
    SendResult sendStreamedChunks(Envelope given, MessageBody body, Capabilities caps) {
        Prepared p = prepare(given, body, caps).withoutData();
        int written = writeFirstGroup(p);
        ex.flush(p.mail());
        GroupReplies r = readGroup(p, written);
        Accepted accepted = judgeEnvelope(p, r.mail(), r.rcpts(), NOTHING_BEHIND);
        ChunkWriter chunks = new ChunkWriter(ex);
        DotStuffingOutputStream encoded = DotStuffingOutputStream.forChunk(chunks);
        writeBody(body, encoded);
        try {
            encoded.finish();
            chunks.finish();
        } catch (IOException e) {
            throw ex.writeFailed(MESSAGE_DATA, e);
        } catch (ChunkWriter.LostAfterLast e) {
            ex.inTransaction(false);
            ex.countMessage();
            throw new SmtpDeliveryUncertainException(
                    "the last chunk (BDAT ... LAST) was sent but a reply was lost, so the server may have accepted "
                            + "the message; it is not resent automatically",
                    given,
                    e.reason());
        }
        ex.listener().dataSent(encoded.count());
        return result(accepted, finish(given, accepted.accepted().size()));
    }

    private static List<String> rcptCommands(Envelope envelope, Capabilities caps) {
        List<String> rcpts = new ArrayList<>(envelope.recipients().size());
        for (Envelope.Recipient r : envelope.recipients()) {
            rcpts.add(rcptCommand(r, caps));
        }
        return rcpts;
    }

    /** Each recipient with its RCPT reply, accepted or refused. */
    private static Accepted split(Envelope envelope, List<SmtpReply> rcptReplies) {
        List<RecipientResult> accepted = new ArrayList<>();
        List<RecipientResult> rejected = new ArrayList<>();
        for (int i = 0; i < rcptReplies.size(); i++) {
            RecipientResult result =
                    new RecipientResult(envelope.recipients().get(i).address(), rcptReplies.get(i));
            (result.accepted() ? accepted : rejected).add(result);
        }
        return new Accepted(accepted, rejected);
    }

    /**
     * Tells whether a message goes by BDAT (RFC 3030): the server offers CHUNKING and PIPELINING,
     * and the host was not switched back to DATA. A message of known size goes whole with its
     * envelope ({@link #sendChunked}), one of unknown size in chunks ({@link #sendStreamedChunks}).
     */
    static boolean chunking(Capabilities caps, boolean chunkingAllowed) {
        return chunkingAllowed && caps.supports("CHUNKING") && caps.supportsPipelining();
    }

    /**
     * Sends a whole transaction with {@code BDAT n LAST} (RFC 3030): MAIL, the RCPTs and, for one
     * recipient or the PARTIAL policy, the chunk with the message in the same write, so a send is
     * one round trip. {@code BDAT ... LAST} commits the message to every accepted recipient, so under
     * ALL_OR_NOTHING with several recipients it waits for their replies, as DATA does; and when the
     * envelope does not fit one group of {@value #MAX_GROUP} commands too, so that the replies the
     * server writes while the chunk is still coming in can never fill the socket buffers. No
     * dot-stuffing; the same line-ending rules and SIZE and BODY parameters as DATA. A server
     * that refused MAIL or every RCPT reads and drops the pipelined chunk (its size is known) and
     * answers it, which is read to stay in step.
     */
    SendResult sendChunked(Envelope given, MessageBody body, Capabilities caps) {
        Prepared p = prepare(given, body, caps);
        Envelope envelope = p.envelope();
        boolean chunkInGroup = p.dataInGroup();
        int written = writeFirstGroup(p.withoutData());
        if (chunkInGroup) {
            writeChunk(body);
        }
        ex.flush(p.mail());
        GroupReplies r;
        try {
            // With the chunk in the group every RCPT is in it too: there are no other groups.
            r = readGroup(p.withoutData(), written);
        } catch (SmtpConnectionException | SmtpTimeoutException | SmtpProtocolException e) {
            if (!chunkInGroup) {
                throw e;
            }
            // The whole message, LAST included, went out with the envelope: a server that took it
            // all may have delivered it, whichever reply was lost. Never retried blindly.
            ex.inTransaction(false);
            ex.countMessage();
            throw new SmtpDeliveryUncertainException(
                    "the message was sent with its envelope (BDAT ... LAST) but the replies were lost, so the "
                            + "server may have accepted it; it is not resent automatically",
                    envelope,
                    e);
        }
        Accepted accepted = judgeEnvelope(p, r.mail(), r.rcpts(), why -> {
            if (chunkInGroup) {
                // The server drops the chunk it could not take, and says so: read it to stay in step.
                SmtpReply chunkReply = ex.read("BDAT");
                if (chunkReply.isPositiveCompletion()) {
                    ex.breakConnection("the server accepted a chunk after refusing the envelope (" + why + ")");
                }
            }
        });
        if (!chunkInGroup) {
            writeChunk(body);
            ex.flush(MESSAGE_DATA);
        }
        return result(accepted, finish(envelope, accepted.accepted().size()));
    }

    /**
     * Writes the message into {@code out} (the data or chunk encoder): the one place where what
     * the source throws is told from what the connection does. A failing source, checked or not,
     * drops the connection so that no partial message is delivered and its own error is thrown;
     * a failed write is the connection's error, the message undelivered.
     */
    void writeBody(MessageBody body, OutputStream out) {
        try {
            body.writeTo(out);
        } catch (MessageBody.SourceException e) {
            ex.breakConnection("reading the message failed; the connection was dropped so that no partial message "
                    + "is delivered");
            throw e.unwrap();
        } catch (IOException e) {
            throw ex.writeFailed(MESSAGE_DATA, e);
        } catch (SmtpException e) {
            throw e; // the connection's own error from below the encoder (a refused chunk): already dealt with
        } catch (RuntimeException | Error e) {
            ex.breakConnection("the message source failed with " + e.getClass().getName()
                    + "; the connection was dropped so that no partial message is delivered");
            throw e;
        }
    }

    /** Buffers {@code BDAT n LAST} and the message, encoded for a chunk. */
    private void writeChunk(MessageBody body) {
        ex.send("BDAT " + body.size() + " LAST");
        DotStuffingOutputStream chunk =
                DotStuffingOutputStream.forChunk(ex.connection().output());
        writeBody(body, chunk);
        try {
            chunk.finish();
        } catch (IOException e) {
            throw ex.writeFailed(MESSAGE_DATA, e);
        }
        ex.listener().dataSent(chunk.count());
    }

    /**
     * Writes the message and its end, then reads the final reply. A failure before the end of
     * data was sent leaves the message undelivered (a transient error); a lost reply after it
     * is {@link SmtpDeliveryUncertainException}, never retried blindly.
     */
    List<SmtpReply> sendData(MessageBody body, @Nullable Envelope envelope, int recipients) {
        DotStuffingOutputStream data =
                new DotStuffingOutputStream(ex.connection().output());
        writeBody(body, data);
        return endData(data, envelope, recipients);
    }

    /**
     * Writes the end of data and flushes, closes the DATA state, and reads the final reply: the
     * one ending shared by {@code sendMessage} and the committed message stream.
     */
    List<SmtpReply> endData(DotStuffingOutputStream data, @Nullable Envelope envelope, int recipients) {
        try {
            data.finish();
            ex.connection().flush();
        } catch (IOException e) {
            throw ex.writeFailed(MESSAGE_DATA, e);
        }
        ex.dataOpen(false);
        ex.listener().dataSent(data.count());
        return finish(envelope, recipients);
    }

    /**
     * Reads the replies to the end of data, which has been written and flushed: one in SMTP
     * (a refusal is thrown), one per accepted recipient in LMTP (RFC 2033 section 4.2, in RCPT
     * order; {@link #result} judges them).
     */
    List<SmtpReply> finish(@Nullable Envelope envelope, int recipients) {
        int count = lmtp ? Math.max(1, recipients) : 1;
        List<SmtpReply> replies = new ArrayList<>(count);
        try {
            // RFC 5321 section 4.5.3.2.6: the server may take long here, and giving up early makes
            // a delivered message uncertain, so this wait has its own, longer bound.
            for (int i = 0; i < count; i++) {
                replies.add(ex.read(END_OF_DATA, finalReplyTimeout));
            }
        } catch (SmtpConnectionException | SmtpTimeoutException | SmtpProtocolException e) {
            throw new SmtpDeliveryUncertainException(
                    "the end of the message data was sent but no valid reply came, so the server may have "
                            + "accepted the message; it is not resent automatically",
                    envelope,
                    e);
        } finally {
            ex.inTransaction(false);
            ex.countMessage();
        }
        if (!lmtp && !replies.get(0).isPositiveCompletion()) {
            throw SmtpException.forReply(END_OF_DATA, replies.get(0));
        }
        return replies;
    }

    /**
     * The outcome. In LMTP each accepted recipient's own final reply decides for it: delivered
     * ones stay accepted with that reply, the others join the refused; when none was delivered
     * the send fails with every recipient's reply.
     */
    SendResult result(Accepted accepted, List<SmtpReply> replies) {
        if (!lmtp) {
            return new SendResult(accepted.accepted(), accepted.rejected(), replies.get(0));
        }
        List<RecipientResult> delivered = new ArrayList<>();
        List<RecipientResult> refused = new ArrayList<>(accepted.rejected());
        for (int i = 0; i < accepted.accepted().size(); i++) {
            RecipientResult r = new RecipientResult(accepted.accepted().get(i).recipient(), replies.get(i));
            (r.accepted() ? delivered : refused).add(r);
        }
        if (delivered.isEmpty()) {
            throw new SmtpRecipientsRefusedException(refused, delivered);
        }
        return new SendResult(delivered, refused, delivered.get(0).reply());
    }

    /** RSET after a transaction the server cannot finish; a failure here only breaks the session. */
    void reset() {
        if (ex.isBroken()) {
            return;
        }
        try {
            SmtpReply reply = ex.call("RSET");
            if (reply.isPositiveCompletion()) {
                ex.inTransaction(false);
            } else {
                ex.breakConnection("RSET was refused: " + SmtpSyntax.printable(reply.toString()));
            }
        } catch (SmtpException e) {
            // The session is broken now; the caller's error is the one that matters.
        }
    }

    private void dropIfDataStarted(@Nullable SmtpReply dataReply, String why) {
        if (dataReply != null && dataReply.code() == 354) {
            // RFC 5321 section 3.8: a transaction cut off before the end of data is discarded.
            ex.breakConnection(why + " but the server answered DATA with 354; the connection was dropped "
                    + "so that no message goes out");
        }
    }

    static String mailCommand(Envelope envelope, MessageBody body, Capabilities caps) {
        StringBuilder mail = new StringBuilder(64)
                .append("MAIL FROM:<")
                .append(envelope.reversePath())
                .append('>');
        long size = body.size();
        if (caps.supports("SIZE") && size >= 0) {
            OptionalLong limit = caps.sizeLimit();
            if (limit.isPresent() && size > limit.getAsLong()) {
                throw new SmtpMessageTooLargeException(
                        "message of " + size + " octets exceeds the server's SIZE limit of " + limit.getAsLong()
                                + " octets (RFC 1870); not sent",
                        null,
                        null);
            }
            mail.append(" SIZE=").append(size);
        }
        if (caps.supports8BitMime() && body.mayBeEightBit()) {
            mail.append(" BODY=8BITMIME");
        }
        if (envelope.requiresSmtpUtf8()) {
            if (!caps.supportsSmtpUtf8()) {
                throw new SmtpUnsupportedCommandException(
                        "the server does not advertise SMTPUTF8 (RFC 6531), which " + envelope
                                + " needs for its non-ASCII address or headers; nothing was sent",
                        null,
                        null);
            }
            mail.append(" SMTPUTF8");
        }
        if (envelope.requiresTls()) {
            // Checked by the session before anything was sent: verified TLS, and advertised.
            mail.append(" REQUIRETLS");
        }
        if (caps.supportsDsn()) {
            envelope.dsnReturn().ifPresent(ret -> mail.append(" RET=").append(ret.name()));
            envelope.envelopeId().ifPresent(id -> mail.append(" ENVID=").append(SmtpSyntax.xtext(id)));
        }
        for (Map.Entry<String, String> p : envelope.mailParameters().entrySet()) {
            mail.append(' ').append(p.getKey());
            if (!p.getValue().isEmpty()) {
                mail.append('=').append(p.getValue());
            }
        }
        return mail.toString();
    }

    /**
     * The envelope as this server can take it: with A-label domains when it lacks SMTPUTF8 and
     * only domains are not ASCII (said in the transcript); otherwise as given, and
     * {@link #mailCommand} refuses what still needs SMTPUTF8.
     */
    static Envelope forServer(Envelope envelope, Capabilities caps, Exchange ex) {
        if (!envelope.requiresSmtpUtf8() || caps.supportsSmtpUtf8()) {
            return envelope;
        }
        return envelope.asciiDomainForm()
                .map(ascii -> {
                    ex.listener()
                            .notice("the server does not offer SMTPUTF8: sending the internationalised domains as "
                                    + "A-labels (" + SmtpSyntax.printable(ascii.toString()) + ")");
                    return ascii;
                })
                .orElse(envelope);
    }

    static String rcptCommand(Envelope.Recipient recipient, Capabilities caps) {
        StringBuilder rcpt = new StringBuilder(48)
                .append("RCPT TO:<")
                .append(recipient.address())
                .append('>');
        if (caps.supportsDsn()) {
            if (!recipient.notifyOn().isEmpty()) {
                rcpt.append(" NOTIFY=")
                        .append(recipient.notifyOn().stream()
                                .map(DsnNotify::name)
                                .collect(Collectors.joining(",")));
            }
            recipient.originalRecipient().ifPresent(o -> rcpt.append(" ORCPT=")
                    .append(SmtpSyntax.isAscii(o) ? "rfc822;" + SmtpSyntax.xtext(o) : "utf-8;" + utf8AddrXtext(o)));
        }
        return rcpt.toString();
    }

    /** RFC 6533 section 3: utf-8-addr-xtext, non-ASCII and specials as {@code \x{HEX}}. */
    private static String utf8AddrXtext(String address) {
        StringBuilder sb = new StringBuilder();
        address.codePoints().forEach(cp -> {
            if (cp < 33 || cp == 127 || cp == '+' || cp == '=' || cp == '\\' || cp > 127) {
                sb.append("\\x{")
                        .append(Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT))
                        .append('}');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }
}
