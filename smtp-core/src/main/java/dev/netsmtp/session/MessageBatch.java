/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;
import dev.netsmtp.internal.DotStuffingOutputStream;
import dev.netsmtp.internal.MessageBody;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link SmtpSession#sendMessages} on netsmtp's own session, in one of two ways chosen per
 * connection; each keeps a send shape only where it buys a round trip.
 *
 * <ul>
 *   <li><b>Pipelined across transactions</b> (RFC 2920 section 3.1: "the actual transfer of
 *       message content is explicitly allowed to be the first 'command' in a group"), for a
 *       server that offers PIPELINING but not CHUNKING: a round writes the open message's data
 *       and its end, then the next message's MAIL, RCPTs and (when it may join) DATA, in one
 *       write; then reads the final reply and the envelope's replies. N messages: N+1 round trips.
 *       The data always ends a message's part of a group and follows a 354 already read, so the
 *       replies a group provokes are never more than {@link EnvelopeCommands#MAX_GROUP} + 1.
 *   <li><b>One at a time</b>: each message as {@link MailTransaction#send} sends it alone. With
 *       CHUNKING that is already one round trip ({@code BDAT n LAST} with the envelope); without
 *       PIPELINING nothing can be pipelined; and a server that answered 503 to the envelope
 *       written behind an end of data (as Haraka does against smuggling) gets this way from then
 *       on, remembered for its host ({@link PipeliningRefusals}). The message that met the 503
 *       was not attempted: it is sent again alone, as its first attempt.
 * </ul>
 *
 * <p>Deadlines are the caller's: before a message's own replies are read, {@link
 * BatchListener#timeLimit(int)} gives its bound (the template's {@code sendTimeout}, counted from
 * when the message ahead of it ended); the session's own limit is back in force afterwards.
 * Outcomes come from {@link Outcomes} like any send's. A message whose envelope went behind
 * another's data when the connection broke was not attempted and gets no outcome: the list
 * returned is the prefix that was tried, and the caller sends the rest elsewhere.
 */
final class MessageBatch {

    /** A message that passed its checks: its commands built, its body ready. */
    private record Ready(int index, MessageBody body, EnvelopeCommands envelope) {}

    /** A message the server answered 354 for: its data opens the next write. */
    private record Open(Ready message, MailTransaction.Accepted accepted) {}

    private final Exchange ex;
    private final MailTransaction tx;
    private final Capabilities caps;
    private final Consumer<Envelope> precheck;
    private final boolean chunking;
    private final String host;
    private final int port;
    private final List<OutgoingMessage> messages;
    private final BatchListener listener;
    private final @Nullable SendOutcome[] outcomes;
    private int next;

    MessageBatch(
            Exchange ex,
            MailTransaction tx,
            Capabilities caps,
            Consumer<Envelope> precheck,
            boolean chunking,
            String host,
            int port,
            List<OutgoingMessage> messages,
            BatchListener listener) {
        this.ex = ex;
        this.tx = tx;
        this.caps = caps;
        this.precheck = precheck;
        this.chunking = chunking;
        this.host = host;
        this.port = port;
        this.messages = messages;
        this.listener = listener;
        this.outcomes = new SendOutcome[messages.size()];
    }

    List<SendOutcome> run() {
        Exchange.Limit sessionLimit = ex.limit();
        try {
            boolean across = caps.supportsPipelining() && !chunking && !PipeliningRefusals.refuses(host, port);
            if (across) {
                pipelined();
            } else {
                oneAtATime();
            }
        } finally {
            ex.restore(sessionLimit);
        }
        return tried();
    }

    /** Each message alone, in order, until the list ends or the connection breaks. */
    private void oneAtATime() {
        for (Ready m = nextReady(); m != null; m = nextReady()) {
            applyLimit(m.index());
            if (!sendAlone(m)) {
                return;
            }
        }
    }

    /** Sends one message alone; false when the connection broke. */
    private boolean sendAlone(Ready m) {
        try {
            sent(m, tx.send(m.envelope(), m.body(), chunking));
            return true;
        } catch (SmtpException e) {
            failed(m.index(), m.envelope().given(), e);
            return !ex.isBroken();
        }
    }

    private void pipelined() {
        @Nullable Open open = null;
        while (true) {
            Ready ready = nextReady();
            if (open == null && ready == null) {
                return;
            }
            boolean behindEnd = open != null;
            if (open != null) {
                DotStuffingOutputStream data =
                        new DotStuffingOutputStream(ex.connection().output());
                tx.writeBody(open.message().body(), data);
                tx.endData(data);
            } else if (ready != null) {
                applyLimit(ready.index());
            }
            int written = ready == null ? 0 : tx.writeFirstGroup(ready.envelope());
            ex.flush(ready != null ? ready.envelope().mail() : MailTransaction.MESSAGE_DATA);

            if (open != null) {
                Ready ended = open.message();
                try {
                    sent(
                            ended,
                            tx.result(
                                    open.accepted(), tx.finish(ended.envelope().given(), open.accepted())));
                } catch (SmtpException e) {
                    failed(ended.index(), ended.envelope().given(), e);
                }
                open = null;
                if (ex.isBroken()) {
                    return; // the message behind it, if any, was not attempted
                }
            }
            if (ready == null) {
                return;
            }
            if (behindEnd) {
                applyLimit(ready.index()); // its clock starts now that the one ahead of it ended
            }
            try {
                open = new Open(ready, tx.readEnvelope(ready.envelope(), written));
            } catch (SmtpException e) {
                if (behindEnd && refusedBehindEndOfData(ready, e)) {
                    // Not attempted: the server refused where it was written, not what it was.
                    if (sendAlone(ready)) {
                        oneAtATime();
                    }
                    return;
                }
                failed(ready.index(), ready.envelope().given(), e);
                if (ex.isBroken()) {
                    return;
                }
            }
        }
    }

    /**
     * A 503 to MAIL written in the same write as an end of data: the server refuses commands
     * pipelined behind it (RFC 2920 allows them; Haraka 3.3.4 refuses them against SMTP smuggling).
     * From now on this connection, and the host for a while, sends one transaction at a time.
     */
    private boolean refusedBehindEndOfData(Ready ready, SmtpException e) {
        boolean refused = e.replyCode() == 503
                && e.command().filter(ready.envelope().mail()::equals).isPresent()
                && !ex.isBroken();
        if (refused) {
            PipeliningRefusals.remember(host, port);
            ex.listener()
                    .notice("the server refused the envelope written behind the end of the previous message's data "
                            + "(503); sending one transaction at a time to " + host + ":" + port + " for "
                            + PipeliningRefusals.REMEMBERED.toMinutes() + " minutes");
        }
        return refused;
    }

    /** The next message that passes every check made without the server; those that fail get their outcome. */
    private @Nullable Ready nextReady() {
        while (next < messages.size()) {
            int index = next++;
            Envelope envelope = messages.get(index).envelope();
            listener.starting(index);
            ex.listener().transactionStarted(envelope, ex.details(host, port));
            try {
                precheck.accept(envelope);
                MessageBody body = MessageBody.of(messages.get(index).content());
                return new Ready(index, body, tx.prepare(envelope, body, caps));
            } catch (SmtpException e) {
                failed(index, envelope, e);
            }
        }
        return null;
    }

    /** The caller's bound for this message, from now; without one the session's limit stays. */
    private void applyLimit(int index) {
        listener.timeLimit(index).ifPresent(ex::timeLimit);
    }

    private void sent(Ready m, SendResult result) {
        SendResult keyed = Ended.sent(ex, m.envelope().given(), result);
        record(SendOutcome.of(messages.get(m.index()), keyed, null), m.index());
    }

    private void failed(int index, Envelope envelope, SmtpException e) {
        record(SendOutcome.of(messages.get(index), null, Ended.failed(ex, envelope, e)), index);
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
