/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An envelope of tens of thousands of recipients against a server that answers each RCPT as it
 * reads it and blocks while its replies go unread, as a plain blocking server does. Sent as one
 * group, the replies fill the socket buffers, the server stops reading and the client's write
 * never ends (RFC 2920 section 3.1); sent in groups of {@value MailTransaction#MAX_GROUP}, each
 * read before the next, it goes through, on the DATA path and on the BDAT path.
 */
@Timeout(20)
class LargeEnvelopeTests {

    private static final int RECIPIENTS = 20_000;

    private static List<String> recipients() {
        List<String> to = new ArrayList<>(RECIPIENTS);
        for (int i = 0; i < RECIPIENTS; i++) {
            to.add("recipient-with-a-long-local-part-" + i + "@example.com");
        }
        return to;
    }

    /** Answers MAIL and every RCPT at once, one write per reply, as a blocking server does. */
    private static void answersEachRcptAsItComes(Conversation c) throws IOException {
        c.smallBuffers(4096);
        c.expect("MAIL FROM:");
        c.reply("250 2.1.0 ok");
        for (int i = 0; i < RECIPIENTS; i++) {
            c.expect("RCPT TO:<recipient-with-a-long-local-part-" + i + "@example.com>");
            c.reply("250 2.1.5 recipient-with-a-long-local-part-" + i + "@example.com ok");
        }
    }

    private static SmtpConfig.Builder config(ScriptedSmtpServer server) {
        return PipelinedBatchTests.config(server)
                .readTimeout(Duration.ofSeconds(10))
                .writeTimeout(Duration.ofSeconds(10))
                .recipientPolicy(RecipientPolicy.PARTIAL);
    }

    @Test
    void tensOfThousandsOfRecipientsGoInGroupsOverData() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            answersEachRcptAsItComes(c);
            c.expect("DATA");
            c.reply("354 go ahead");
            c.readData();
            c.reply("250 2.0.0 queued as BIG");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThat(s.sendMessage(
                                        Envelope.of("a@example.com", recipients()),
                                        "Subject: big\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII))
                                .acceptedRecipients())
                        .hasSize(RECIPIENTS);
            }
            server.verify();
        }
    }

    @Test
    void tensOfThousandsOfRecipientsGoInGroupsOverBdat() throws Exception {
        byte[] message = "Subject: big\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING", "CHUNKING");
            answersEachRcptAsItComes(c);
            c.expect("BDAT " + message.length + " LAST");
            c.readBytes(message.length);
            c.reply("250 2.0.0 queued as BIG");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(config(server).build())) {
                assertThat(s.sendMessage(Envelope.of("a@example.com", recipients()), message)
                                .acceptedRecipients())
                        .hasSize(RECIPIENTS);
            }
            server.verify();
        }
    }
}
