/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.internal.DotStuffingOutputStream;
import dev.netsmtp.internal.MessageBody;
import java.io.IOException;

/**
 * A message sent by BDAT (RFC 3030) instead of DATA: whole with its envelope when its size is
 * known, in chunks ({@link ChunkWriter}) when it is not. The envelope's replies, the end of the
 * message and every failure go through {@link MailTransaction} and {@link Outcomes} as DATA's do.
 */
final class BdatSend {

    private final Exchange ex;
    private final MailTransaction tx;

    BdatSend(Exchange ex, MailTransaction tx) {
        this.ex = ex;
        this.tx = tx;
    }

    /**
     * Sends a whole transaction with {@code BDAT n LAST} (RFC 3030): MAIL, the RCPTs and, for one
     * recipient or the PARTIAL policy, the chunk with the message in the same write, so a send is
     * one round trip. {@code BDAT ... LAST} commits the message to every accepted recipient, so under
     * ALL_OR_NOTHING with several recipients it waits for their replies, as DATA does; and when the
     * envelope does not fit one group of {@value EnvelopeCommands#MAX_GROUP} commands too, so that
     * the replies the server writes while the chunk is still coming in can never fill the socket
     * buffers. No dot-stuffing; the same line-ending rules and SIZE and BODY parameters as DATA. A
     * server that refused MAIL or every RCPT reads and drops the pipelined chunk (its size is
     * known) and answers it, which is read to stay in step.
     */
    SendResult whole(EnvelopeCommands p, MessageBody body) {
        boolean chunkInGroup = p.dataInGroup();
        EnvelopeCommands envelope = p.withoutData();
        int written = tx.writeFirstGroup(envelope);
        if (chunkInGroup) {
            writeChunk(body);
        }
        ex.flush(p.mail());
        // With the chunk in the group its end went with the envelope: a reply lost now leaves
        // the message uncertain, unless a refusal read first decides it (Outcomes).
        MailTransaction.GroupReplies r = tx.readGroup(envelope, written);
        MailTransaction.Accepted accepted = tx.judgeEnvelope(envelope, r.mail(), r.rcpts(), why -> {
            if (chunkInGroup) {
                // The server drops the chunk it could not take, and says so: read it to stay in
                // step. The refusal decides the message whatever this read brings.
                ex.messageEnded();
                try {
                    SmtpReply chunkReply = ex.read("BDAT");
                    if (chunkReply.isPositiveCompletion()) {
                        ex.breakConnection("the server accepted a chunk after refusing the envelope (" + why + ")");
                    }
                } catch (SmtpException lost) {
                    ex.breakConnection("the reply to a refused envelope's chunk was lost");
                }
            }
        });
        if (!chunkInGroup) {
            writeChunk(body);
            ex.flush(MailTransaction.MESSAGE_DATA);
        }
        return tx.result(accepted, tx.finish(p.given(), accepted));
    }

    /** Buffers {@code BDAT n LAST} and the message, encoded for a chunk; its last byte is the message's end. */
    private void writeChunk(MessageBody body) {
        ex.send("BDAT " + body.size() + " LAST");
        DotStuffingOutputStream chunk =
                DotStuffingOutputStream.forChunk(ex.connection().output());
        if (tx.writeBody(body, chunk)) {
            try {
                chunk.finish();
                ex.endWritten();
            } catch (IOException e) {
                ex.writeFailed(MailTransaction.MESSAGE_DATA, e);
            }
        }
        ex.listener().dataSent(chunk.count());
    }

    /**
     * Sends a message of unknown size by BDAT chunks (RFC 3030; {@link ChunkWriter}): the envelope
     * as one group, read and judged as for DATA, then the chunks, more than one in flight, and
     * {@code BDAT n LAST}. Nothing is delivered before LAST; a lost reply after it is uncertain.
     */
    SendResult streamed(EnvelopeCommands p, MessageBody body) {
        EnvelopeCommands envelope = p.withoutData();
        int written = tx.writeFirstGroup(envelope);
        ex.flush(p.mail());
        MailTransaction.GroupReplies r = tx.readGroup(envelope, written);
        MailTransaction.Accepted accepted =
                tx.judgeEnvelope(envelope, r.mail(), r.rcpts(), MailTransaction.NOTHING_BEHIND);
        ChunkWriter chunks = new ChunkWriter(ex, p.given());
        DotStuffingOutputStream encoded = DotStuffingOutputStream.forChunk(chunks);
        if (tx.writeBody(body, encoded)) {
            try {
                encoded.finish();
                chunks.last();
                ex.endWritten();
            } catch (IOException e) {
                ex.writeFailed(MailTransaction.MESSAGE_DATA, e);
            }
        }
        ex.flush(MailTransaction.MESSAGE_DATA);
        ex.listener().dataSent(encoded.count());
        chunks.readUnread();
        return tx.result(accepted, tx.finish(p.given(), accepted));
    }
}
