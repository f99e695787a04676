/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.Envelope;
import dev.netsmtp.RecipientResult;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.SmtpUnsupportedCommandException;
import dev.netsmtp.internal.DotStuffingOutputStream;
import dev.netsmtp.internal.MessageBody;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Net::SMTP's single steps ({@code mailFrom}, {@code rcptTo}, {@code data}) for callers who drive
 * the transaction themselves. The data ends as every message does ({@link MailTransaction#finish}),
 * so a lost final reply is uncertain here too.
 */
final class StepCommands {

    private final Exchange ex;
    private final MailTransaction tx;
    private boolean transactionUtf8;
    /** Recipients the RCPTs accepted: LMTP answers the data once for each. */
    private final List<RecipientResult> accepted = new ArrayList<>();

    StepCommands(Exchange ex, MailTransaction tx) {
        this.ex = ex;
        this.tx = tx;
    }

    SmtpReply mailFrom(String from, Capabilities caps) {
        accepted.clear();
        if (!from.isEmpty()) {
            SmtpSyntax.checkMailbox("reverse path", from);
        }
        if (!SmtpSyntax.isAscii(from) && !caps.supportsSmtpUtf8()) {
            from = SmtpSyntax.asciiDomainForm(from).orElse(from);
        }
        boolean utf8 = !SmtpSyntax.isAscii(from);
        if (utf8 && !caps.supportsSmtpUtf8()) {
            throw new SmtpUnsupportedCommandException(
                    "the server does not advertise SMTPUTF8, which the non-ASCII reverse path needs", null, null);
        }
        SmtpReply reply = ex.expectOk("MAIL FROM:<" + from + ">" + (utf8 ? " SMTPUTF8" : ""));
        ex.inTransaction(true);
        transactionUtf8 = utf8;
        return reply;
    }

    SmtpReply mailFrom(Envelope envelope, Capabilities caps) {
        accepted.clear();
        // The same command sendMessage sends: SMTPUTF8 decided over every address of the
        // envelope, DSN's RET and ENVID, BODY=8BITMIME, the envelope's own parameters.
        String mail = EnvelopeCommands.mailCommand(
                EnvelopeCommands.forServer(envelope, caps, ex), MessageBody.of(InputStream.nullInputStream()), caps);
        SmtpReply reply = ex.expectOk(mail);
        ex.inTransaction(true);
        transactionUtf8 = mail.contains(" SMTPUTF8");
        return reply;
    }

    SmtpReply rcptTo(Envelope.Recipient recipient, Capabilities caps) {
        if (!transactionUtf8 && !SmtpSyntax.isAscii(recipient.address()) && !caps.supportsSmtpUtf8()) {
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
        SmtpReply reply = ex.expectOk(EnvelopeCommands.rcptCommand(recipient, caps, false));
        accepted.add(new RecipientResult(recipient.address(), reply));
        return reply;
    }

    SmtpReply data(MessageBody body) {
        SmtpReply reply = ex.call("DATA");
        if (reply.code() != 354) {
            throw SmtpException.forReply("DATA", reply);
        }
        ex.dataOpen(true);
        DotStuffingOutputStream data =
                new DotStuffingOutputStream(ex.connection().output());
        tx.writeBody(body, data);
        tx.endData(data);
        ex.flush(MailTransaction.MESSAGE_DATA);
        MailTransaction.Accepted recipients = new MailTransaction.Accepted(List.copyOf(accepted), List.of());
        accepted.clear();
        List<SmtpReply> replies = tx.finish(null, recipients);
        // LMTP: one reply per accepted recipient; the first refusal is the step's answer.
        for (SmtpReply r : replies) {
            if (!r.isPositiveCompletion()) {
                throw SmtpException.forReply(MailTransaction.END_OF_DATA, r);
            }
        }
        return replies.get(replies.size() - 1);
    }

    void reset() {
        accepted.clear();
    }
}
