/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Envelope;
import dev.netsmtp.RecipientResult;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.SmtpSyntax;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one end of every message, whatever carried its data (DATA, BDAT whole or in chunks, the
 * message stream, a pipelined batch, the single steps): the final reply, or over LMTP one per
 * accepted recipient, read and judged; a failure here goes to {@link Outcomes}.
 */
final class MessageEnd {

    private final Exchange ex;
    private final Duration finalReplyTimeout;
    private final boolean lmtp;

    MessageEnd(Exchange ex, Duration finalReplyTimeout, boolean lmtp) {
        this.ex = ex;
        this.finalReplyTimeout = finalReplyTimeout;
        this.lmtp = lmtp;
    }

    /**
     * Reads the replies to the end of data, which has been written and flushed: one in SMTP
     * (a refusal is thrown), one per accepted recipient in LMTP (RFC 2033 section 4.2, in RCPT
     * order; {@link #result} judges them). The one ending of every message: a failure here is
     * judged by {@link Outcomes}, uncertain once the end can have reached the server.
     */
    List<SmtpReply> finish(@Nullable Envelope envelope, MailTransaction.Accepted accepted) {
        int count = lmtp ? Math.max(1, accepted.accepted().size()) : 1;
        List<SmtpReply> replies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SmtpReply reply;
            try {
                // RFC 5321 section 4.5.3.2.6: the server may take long here, and giving up early
                // makes a delivered message uncertain, so this wait has its own, longer bound.
                reply = ex.read(MailTransaction.END_OF_DATA, finalReplyTimeout);
            } catch (SmtpException e) {
                if (lmtp && e.reply().isPresent() && i + 1 < count) {
                    // 421 for this recipient, and the connection closes: the others' replies are lost.
                    replies.add(e.reply().get());
                    throw lost(
                            envelope,
                            accepted,
                            replies,
                            new SmtpConnectionException(
                                    "the server closed the connection after replying " + e.replyCode()
                                            + " for one recipient",
                                    MailTransaction.END_OF_DATA,
                                    null,
                                    e));
                }
                if (lmtp && e.reply().isPresent()) {
                    replies.add(e.reply().get());
                    break;
                }
                throw lost(envelope, accepted, replies, e);
            }
            if (!ex.endWasWritten()) {
                // The write failed before the end of data: whatever this is, it cannot be its answer.
                SmtpException early = reply.isPositiveCompletion()
                        ? new SmtpConnectionException(
                                "the connection failed before the end of the message data was written; the reply "
                                        + SmtpSyntax.printable(reply.toString()) + " cannot be its answer",
                                MailTransaction.MESSAGE_DATA,
                                null)
                        : SmtpException.forReply(MailTransaction.MESSAGE_DATA, reply);
                ex.breakConnection("the write failed before the end of data");
                throw early;
            }
            replies.add(reply);
        }
        ex.messageEnded();
        if (!lmtp && !replies.get(0).isPositiveCompletion()) {
            throw SmtpException.forReply(MailTransaction.END_OF_DATA, replies.get(0));
        }
        return replies;
    }

    /** A final reply lost: judged with what each recipient's replies so far say. */
    private SmtpException lost(
            @Nullable Envelope envelope, MailTransaction.Accepted accepted, List<SmtpReply> replies, SmtpException e) {
        List<RecipientResult> delivered = new ArrayList<>();
        List<RecipientResult> refused = new ArrayList<>(accepted.rejected());
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < accepted.accepted().size(); i++) {
            String rcpt = accepted.accepted().get(i).recipient();
            if (lmtp && i < replies.size()) {
                RecipientResult r = new RecipientResult(rcpt, replies.get(i));
                (r.accepted() ? delivered : refused).add(r);
            } else {
                pending.add(rcpt);
            }
        }
        SmtpException outcome = Outcomes.judge(ex, e, null, envelope, delivered, refused, pending);
        ex.breakConnection("the reply to the end of data was lost");
        return outcome;
    }

    /**
     * The outcome. In LMTP each accepted recipient's own final reply decides for it: delivered
     * ones stay accepted with that reply, the others join the refused; when none was delivered
     * the send fails with every recipient's reply.
     */
    SendResult result(MailTransaction.Accepted accepted, List<SmtpReply> replies) {
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
}
