package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.internal.DotStuffingOutputStream;
import dev.netsmtp.internal.MessageBody;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Messages on one session with each transaction pipelined behind the end of the previous
 * message's data (RFC 2920 section 3.1: "the actual transfer of message content is explicitly
 * allowed to be the first 'command' in a group"). A round writes the open message's data and its
 * end, then the next message's MAIL, RCPTs and (when it may join) DATA, in one write; then reads
 * the final reply and the envelope's replies. N messages: N+1 round trips.
 *
 * <p>The data always ends a message's part of a group and follows a 354 already read, so the
 * replies a group provokes are the final reply and the next envelope's first group, never more
 * than {@link MailTransaction#MAX_GROUP} + 1: they fit the socket buffers, and writing can never deadlock
 * against a server that stopped reading because nobody reads its replies.
 *
 * <p>Outcomes: a lost final reply makes that message uncertain; so does a write that failed
 * after its end of data went into the same write as the next envelope (the end may have reached
 * the server). The message whose envelope was behind it was not delivered (its data never went)
 * and gets no outcome: the caller sends it again elsewhere.
 */
final class PipelinedBatch {

    /** A message the server answered 354 for: its data opens the next write. */
    private record Open(
            int index, MessageBody body, Envelope envelope, MailTransaction.Accepted accepted, long deadline) {}

    private final Exchange ex;
    private final MailTransaction tx;
    private final Capabilities caps;
    private final Consumer<Envelope> precheck;
    private final List<OutgoingMessage> messages;
    private final BatchListener listener;
    private final @Nullable SendOutcome[] outcomes;

    PipelinedBatch(
            Exchange ex,
            MailTransaction tx,
            Capabilities caps,
            Consumer<Envelope> precheck,
            List<OutgoingMessage> messages,
            BatchListener listener) {
        this.ex = ex;
        this.tx = tx;
        this.caps = caps;
        this.precheck = precheck;
        this.messages = messages;
        this.listener = listener;
        this.outcomes = new SendOutcome[messages.size()];
    }

    List<SendOutcome> run() {
        @Nullable Duration limit = ex.timeLimitValue();
        OptionalLong firstDeadline = ex.deadline();
        @Nullable Open open = null;
        int next = 0;
        boolean first = true;
        while (open != null || next < messages.size()) {
            // The next message that passes every check made without the server.
            MailTransaction.@Nullable Prepared prepared = null;
            @Nullable MessageBody body = null;
            int index = -1;
            while (prepared == null && next < messages.size()) {
                index = next++;
                OutgoingMessage m = messages.get(index);
                listener.starting(index);
                try {
                    precheck.accept(m.envelope());
                    body = MessageBody.of(m.content());
                    prepared = tx.prepare(m.envelope(), body, caps);
                } catch (SmtpException e) {
                    failed(index, m.envelope(), e);
                }
            }
            int written = 0;
            boolean endWritten = false;
            try {
                if (open != null) {
                    ex.moveDeadline(open.deadline());
                    writeData(open);
                    endWritten = true;
                }
                if (prepared != null) {
                    written = tx.writeFirstGroup(prepared);
                }
                ex.flush(prepared != null ? prepared.mail() : MailTransaction.MESSAGE_DATA);
            } catch (SmtpException e) {
                if (open != null) {
                    // With commands behind it in the same write, the end of data may have gone out.
                    failed(open.index(), open.envelope(), endWritten && prepared != null ? uncertain(open, e) : e);
                } else if (prepared != null) {
                    failed(index, prepared.given(), e);
                }
                return tried();
            }

            if (open != null) {
                try {
                    List<SmtpReply> replies = tx.finish(
                            open.envelope(), open.accepted().accepted().size());
                    sent(open.index(), open.envelope(), tx.result(open.accepted(), replies));
                } catch (SmtpException e) {
                    failed(open.index(), open.envelope(), e);
                }
                open = null;
                if (ex.isBroken()) {
                    return tried();
                }
            }
            if (prepared != null && body != null) {
                // Its own limit, counted from when the message ahead of it ended: waiting for
                // that one is not this one's time.
                long nextDeadline = first && firstDeadline.isPresent()
                        ? firstDeadline.getAsLong()
                        : limit == null ? 0 : System.nanoTime() + limit.toNanos();
                first = false;
                if (limit != null) {
                    ex.moveDeadline(nextDeadline);
                }
                try {
                    open = new Open(index, body, prepared.given(), tx.readEnvelope(prepared, written), nextDeadline);
                } catch (SmtpException e) {
                    failed(index, prepared.given(), e);
                    if (ex.isBroken()) {
                        return tried();
                    }
                }
            }
        }
        return tried();
    }

    /** Buffers the open message's data and its end; the flush is the round's. */
    private void writeData(Open open) {
        DotStuffingOutputStream data =
                new DotStuffingOutputStream(ex.connection().output());
        tx.writeBody(open.body(), data);
        try {
            data.finish();
        } catch (IOException e) {
            throw ex.writeFailed(MailTransaction.MESSAGE_DATA, e);
        }
        ex.dataOpen(false);
        ex.listener().dataSent(data.count());
    }

    private SmtpDeliveryUncertainException uncertain(Open open, SmtpException e) {
        ex.inTransaction(false);
        ex.countMessage();
        return new SmtpDeliveryUncertainException(
                "the end of the message data went out in the same write as the next message's envelope, and that "
                        + "write failed, so the server may have accepted the message; it is not resent automatically",
                open.envelope(),
                e);
    }

    private void sent(int index, Envelope envelope, SendResult result) {
        ex.listener().messageSent(envelope, result);
        record(SendOutcome.of(messages.get(index), result, null), index);
    }

    private void failed(int index, Envelope envelope, SmtpException e) {
        ex.listener().messageFailed(envelope, e);
        record(SendOutcome.of(messages.get(index), null, e), index);
    }

    private void record(SendOutcome outcome, int index) {
        outcomes[index] = outcome;
        listener.finished(index, outcome);
    }

    /**
     * The outcomes in order, up to the first message without one. A message that failed its
     * checks may get its outcome before the one ahead of it, never after one left untried.
     */
    private List<SendOutcome> tried() {
        List<SendOutcome> list = new ArrayList<>(outcomes.length);
        for (SendOutcome o : outcomes) {
            if (o == null) {
                break;
            }
            list.add(o);
        }
        return list;
    }
}
