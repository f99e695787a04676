/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.testing.Conversation;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A batch of three over one pipelined session, the second refused at its final reply: the next
 * message starts before the previous one ends, so a listener that keeps one send per thread
 * gives one message's outcome to another.
 */
public final class PipelinedBatchOfThree {

    private PipelinedBatchOfThree() {}

    /** The three messages, one recipient each. */
    public static List<OutgoingMessage> messages() {
        return IntStream.rangeClosed(1, 3)
                .mapToObj(i -> OutgoingMessage.of(
                        "a@b.example", List.of("x" + i + "@y.example"), "Subject: " + i + "\r\n\r\nhi\r\n"))
                .toList();
    }

    /** The server: each end of data arrives with the next envelope; the second message gets 554. */
    public static void sentRefusedSent(Conversation c) throws IOException {
        c.greetAndEhlo("PIPELINING");
        c.envelopeTo354();
        c.readData();
        nextEnvelope(c);
        c.reply("250 2.0.0 queued as Q1", "250 ok", "250 ok", "354 go");
        c.readData();
        nextEnvelope(c);
        c.reply("554 5.7.1 refused", "250 ok", "250 ok", "354 go");
        c.readData();
        c.reply("250 2.0.0 queued as Q3");
        c.expect("QUIT");
        c.reply("221 bye");
    }

    private static void nextEnvelope(Conversation c) throws IOException {
        c.expect("MAIL");
        c.expect("RCPT");
        c.expect("DATA");
    }
}
