/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.Envelope;
import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.RecipientResult;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.SmtpUnknownReplyException;
import dev.netsmtp.internal.DotStuffingOutputStream;
import dev.netsmtp.internal.MessageBody;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One mail transaction (RFC 5321 section 3.3): the envelope, pipelined when the server offers
 * PIPELINING (RFC 2920), then the data and its end, then the final reply. The envelope's replies
 * are judged in {@link #judgeEnvelope}; every failure goes to {@link Outcomes}; every message
 * ends in {@link #finish}, whatever carried its data (DATA, BDAT whole, BDAT in chunks, the
 * message stream, a pipelined batch).
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
    private final MessageEnd end;
    private final BdatSend bdat;

    MailTransaction(Exchange ex, RecipientPolicy policy, Duration finalReplyTimeout, boolean lmtp) {
        this.ex = ex;
        this.policy = policy;
        this.end = new MessageEnd(ex, finalReplyTimeout, lmtp);
        this.bdat = new BdatSend(ex, this);
    }

    /** The envelope as accepted: the recipients the server took and those it refused. */
    record Accepted(List<RecipientResult> accepted, List<RecipientResult> rejected) {
        List<String> addresses() {
            List<String> all = new ArrayList<>(accepted.size());
            for (RecipientResult r : accepted) {
                all.add(r.recipient());
            }
            return all;
        }
    }

    EnvelopeCommands prepare(Envelope given, MessageBody body, Capabilities caps) {
        return EnvelopeCommands.prepare(given, body, caps, policy, ex);
    }

    /**
     * Sends one whole message the way the server allows: {@code BDAT n LAST} with the envelope
     * when it offers CHUNKING (in chunks when the size is unknown), DATA otherwise.
     */
    SendResult send(EnvelopeCommands p, MessageBody body, boolean chunking) {
        if (chunking) {
            return body.size() >= 0 ? bdat.whole(p, body) : bdat.streamed(p, body);
        }
        Accepted accepted = openEnvelope(p);
        DotStuffingOutputStream data =
                new DotStuffingOutputStream(ex.connection().output());
        writeBody(body, data);
        endData(data);
        ex.flush(MESSAGE_DATA);
        return result(accepted, finish(p.given(), accepted));
    }

    /**
     * Runs MAIL, every RCPT and DATA, and returns when the server has answered 354. Every check
     * that can fail without the server ran in {@link #prepare}.
     */
    Accepted openEnvelope(EnvelopeCommands p) {
        if (!p.pipelining()) {
            @Nullable SmtpReply mailReply = null;
            List<SmtpReply> rcptReplies = new ArrayList<>(p.rcpts().size());
            try {
                mailReply = ex.call(p.mail());
                if (mailReply.isPositiveCompletion()) {
                    for (String rcpt : p.rcpts()) {
                        rcptReplies.add(ex.call(rcpt));
                    }
                }
            } catch (SmtpException e) {
                throw Outcomes.judge(ex, e, refusalAmong(p, mailReply, rcptReplies), p.given());
            }
            Accepted accepted = judgeEnvelope(p, mailReply, rcptReplies, NOTHING_BEHIND);
            startData(p, null);
            return accepted;
        }
        int written = writeFirstGroup(p);
        ex.flush(p.mail());
        return readEnvelope(p, written);
    }

    /**
     * Buffers MAIL, the RCPTs that fit one group and DATA when it joins, without flushing, so
     * that a caller can put them behind what it wrote before (RFC 2920 section 3.1: the end of
     * the previous message may open the group).
     *
     * @return how many RCPTs were written
     */
    int writeFirstGroup(EnvelopeCommands p) {
        int written = Math.min(p.rcpts().size(), EnvelopeCommands.MAX_GROUP - 1);
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
     * {@value EnvelopeCommands#MAX_GROUP}, then DATA unless it was in the group; returns once the
     * server answered 354.
     */
    Accepted readEnvelope(EnvelopeCommands p, int written) {
        GroupReplies r = readGroup(p, written);
        Accepted accepted = judgeEnvelope(p, r.mail(), r.rcpts(), why -> dropIfDataStarted(r.data(), why));
        startData(p, r.data());
        return accepted;
    }

    /** The replies to an envelope: MAIL's, each RCPT's, and DATA's when it was in the group. */
    record GroupReplies(SmtpReply mail, List<SmtpReply> rcpts, @Nullable SmtpReply data) {}

    /**
     * Reads the replies of the first group (every one, whatever came before, to stay in step),
     * then, when MAIL was accepted, sends and reads the other groups of RCPTs. A failure part way
     * is judged with what was read: a refusal among it decides the message.
     */
    GroupReplies readGroup(EnvelopeCommands p, int written) {
        @Nullable SmtpReply mailReply = null;
        List<SmtpReply> rcptReplies = new ArrayList<>(p.rcpts().size());
        try {
            mailReply = ex.read(p.mail());
            for (int i = 0; i < written; i++) {
                rcptReplies.add(ex.read(p.rcpts().get(i)));
            }
            SmtpReply dataReply = p.dataInGroup() ? ex.read("DATA") : null;
            if (mailReply.isPositiveCompletion()) {
                readOtherGroups(p, written, rcptReplies);
            }
            return new GroupReplies(mailReply, rcptReplies, dataReply);
        } catch (SmtpException e) {
            throw Outcomes.judge(ex, e, refusalAmong(p, mailReply, rcptReplies), p.given());
        }
    }

    /** The RCPTs after the first group, a group at a time, each read before the next is written. */
    private void readOtherGroups(EnvelopeCommands p, int written, List<SmtpReply> rcptReplies) {
        for (int from = written; from < p.rcpts().size(); from += EnvelopeCommands.MAX_GROUP) {
            int to = Math.min(p.rcpts().size(), from + EnvelopeCommands.MAX_GROUP);
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
     * The refusal among the replies read so far that decides the message whatever comes after:
     * MAIL refused, or under ALL_OR_NOTHING a recipient refused. Null when none does.
     */
    private @Nullable SmtpException refusalAmong(
            EnvelopeCommands p, @Nullable SmtpReply mailReply, List<SmtpReply> rcptReplies) {
        if (mailReply != null && !mailReply.isPositiveCompletion()) {
            return SmtpException.forReply(p.mail(), mailReply);
        }
        if (policy == RecipientPolicy.ALL_OR_NOTHING) {
            Accepted split = split(p.envelope(), rcptReplies);
            if (!split.rejected().isEmpty()) {
                return new SmtpRecipientsRefusedException(split.rejected(), split.accepted());
            }
        }
        return null;
    }

    /**
     * Judges the envelope's replies: a refusal is thrown (after RSET when MAIL was accepted),
     * acceptance returned. {@code onRefusal} runs first, with why: what was pipelined behind the
     * envelope must be dealt with (a 354 to drop, a chunk's reply to read).
     */
    Accepted judgeEnvelope(
            EnvelopeCommands p, SmtpReply mailReply, List<SmtpReply> rcptReplies, Consumer<String> onRefusal) {
        if (!mailReply.isPositiveCompletion()) {
            onRefusal.accept("MAIL was refused");
            throw SmtpException.forReply(p.mail(), mailReply);
        }
        ex.inTransaction(true);
        Accepted split = split(p.envelope(), rcptReplies);
        if (split.accepted().isEmpty()
                || (policy == RecipientPolicy.ALL_OR_NOTHING
                        && !split.rejected().isEmpty())) {
            onRefusal.accept("recipients were refused");
            reset();
            throw new SmtpRecipientsRefusedException(split.rejected(), split.accepted());
        }
        return split;
    }

    /** Nothing went behind the envelope: a refusal needs nothing more. */
    static final Consumer<String> NOTHING_BEHIND = why -> {};

    /** DATA, unless its reply came with the group; returns once the server answered 354. */
    private void startData(EnvelopeCommands p, @Nullable SmtpReply dataReply) {
        if (dataReply == null) {
            try {
                dataReply = ex.call("DATA");
            } catch (SmtpException e) {
                throw Outcomes.judge(ex, e, null, p.given());
            }
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
     * Writes the message into {@code out} (the data or chunk encoder): the one place where what
     * the source throws is told from what the connection does. A failing source, checked or not,
     * drops the connection so that no partial message is delivered and its own error is thrown;
     * a failed write is recorded for the read that follows ({@link Exchange#writeFailed}).
     *
     * @return false when the write failed
     */
    boolean writeBody(MessageBody body, OutputStream out) {
        try {
            body.writeTo(out);
            return true;
        } catch (MessageBody.SourceException e) {
            ex.breakConnection("reading the message failed; the connection was dropped so that no partial message "
                    + "is delivered");
            throw e.unwrap();
        } catch (IOException e) {
            ex.writeFailed(MESSAGE_DATA, e);
            return false;
        } catch (SmtpException e) {
            throw e; // the connection's own error from below the encoder (a refused chunk): already judged
        } catch (RuntimeException | Error e) {
            ex.breakConnection("the message source failed with " + e.getClass().getName()
                    + "; the connection was dropped so that no partial message is delivered");
            throw e;
        }
    }

    /** Writes the end of data ({@code CRLF.CRLF}) into the buffer and closes the DATA state; the caller flushes. */
    void endData(DotStuffingOutputStream data) {
        if (!ex.writeHasFailed()) {
            try {
                data.finish();
                ex.endWritten();
            } catch (IOException e) {
                ex.writeFailed(MESSAGE_DATA, e);
            }
        }
        ex.dataOpen(false);
        ex.listener().dataSent(data.count());
    }

    /** The one ending of every message: {@link MessageEnd#finish}. */
    List<SmtpReply> finish(@Nullable Envelope envelope, Accepted accepted) {
        return end.finish(envelope, accepted);
    }

    /** The result from the final replies: {@link MessageEnd#result}. */
    SendResult result(Accepted accepted, List<SmtpReply> replies) {
        return end.result(accepted, replies);
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
     * envelope ({@link BdatSend#whole}), one of unknown size in chunks ({@link BdatSend#streamed}).
     */
    static boolean chunking(Capabilities caps, boolean chunkingAllowed) {
        return chunkingAllowed && caps.supports("CHUNKING") && caps.supportsPipelining();
    }
}
