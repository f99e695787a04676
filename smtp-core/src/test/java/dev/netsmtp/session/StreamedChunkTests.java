/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpFatalException;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A message of unknown size (a stream, a writer) to a server with CHUNKING: {@code BDAT n} chunks
 * of {@value ChunkWriter#CHUNK} octets, up to {@value ChunkWriter#IN_FLIGHT} before their replies
 * are read, then {@code BDAT n LAST}. Nothing is delivered before LAST, whatever fails.
 */
class StreamedChunkTests {

    /** Lines of 64 characters with CRLF: a size that spans chunks, line endings already right. */
    private static byte[] message(int chunks) {
        StringBuilder sb = new StringBuilder("Subject: streamed\r\n\r\n");
        int target = chunks * ChunkWriter.CHUNK + 1000;
        for (int i = 0; sb.length() < target; i++) {
            sb.append(String.format("%062d\r\n", i));
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void envelope(Conversation c) throws IOException {
        c.greetAndEhlo("PIPELINING", "CHUNKING");
        c.expect("MAIL FROM:<a@example.com>");
        c.expect("RCPT TO:<b@example.com>");
        assertThat(c.quietFor(java.time.Duration.ofMillis(200)))
                .as("the envelope is judged before any chunk")
                .isTrue();
        c.reply("250 ok", "250 ok");
    }

    /** Reads {@code count} chunks of full size, unanswered. */
    private static byte[] fullChunks(Conversation c, int count) throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            assertThat(c.expect("BDAT ")).isEqualTo("BDAT " + ChunkWriter.CHUNK);
            got.write(c.readBytes(ChunkWriter.CHUNK));
        }
        return got.toByteArray();
    }

    private static String[] replies(int n, String reply) {
        String[] r = new String[n];
        Arrays.fill(r, reply);
        return r;
    }

    @Test
    void aStreamGoesInChunksSeveralInFlightThenLast() throws Exception {
        byte[] message = message(ChunkWriter.IN_FLIGHT + 2);
        int full = message.length / ChunkWriter.CHUNK;
        int rest = message.length - full * ChunkWriter.CHUNK;
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            envelope(c);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            // IN_FLIGHT chunks come before any reply; then the client waits for the oldest.
            got.write(fullChunks(c, ChunkWriter.IN_FLIGHT));
            assertThat(c.quietFor(java.time.Duration.ofMillis(200)))
                    .as("no more than %d chunks unanswered", ChunkWriter.IN_FLIGHT)
                    .isTrue();
            int answered = 0;
            for (int i = ChunkWriter.IN_FLIGHT; i < full; i++) {
                c.reply("250 2.0.0 " + ChunkWriter.CHUNK + " octets received");
                answered++;
                got.write(fullChunks(c, 1));
            }
            assertThat(c.expect("BDAT ")).isEqualTo("BDAT " + rest + " LAST");
            got.write(c.readBytes(rest));
            assertThat(got.toByteArray()).isEqualTo(message);
            c.reply(replies(full - answered, "250 2.0.0 chunk received"));
            c.reply("250 2.0.0 queued as S1");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server).build())) {
                assertThat(s.sendMessage(new ByteArrayInputStream(message), "a@example.com", "b@example.com")
                                .queueId())
                        .contains("S1");
            }
            server.verify();
        }
    }

    @Test
    void aSmallStreamIsOneLastChunk() throws Exception {
        byte[] message = "Subject: small\r\n\r\n.a dot stays single\nbare LF".getBytes(StandardCharsets.US_ASCII);
        byte[] wire = "Subject: small\r\n\r\n.a dot stays single\r\nbare LF\r\n".getBytes(StandardCharsets.US_ASCII);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            envelope(c);
            assertThat(c.expect("BDAT ")).isEqualTo("BDAT " + wire.length + " LAST");
            assertThat(c.readBytes(wire.length)).isEqualTo(wire);
            c.reply("250 2.0.0 queued as S2");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server).build())) {
                s.sendMessage(dev.netsmtp.Envelope.of("a@example.com", "b@example.com"), out -> out.write(message));
            }
            server.verify();
        }
    }

    @Test
    void aSourceThatFailsMidwayDropsTheConnectionBeforeLast() throws Exception {
        byte[] message = message(3);
        InputStream failing = new InputStream() {
            private final InputStream in = new ByteArrayInputStream(message, 0, 2 * ChunkWriter.CHUNK + 10);

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("disk gone");
                }
                return b;
            }
        };
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            envelope(c);
            fullChunks(c, 2);
            // No LAST: the connection ends, and the server discards what it gathered.
            assertThat(c.awaitClose()).isTrue();
            assertThat(String.join("\n", c.lines())).doesNotContain("LAST");
        })) {
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server).build())) {
                // The source's own error, as on the DATA path; nothing was delivered.
                assertThatThrownBy(() -> s.sendMessage(failing, "a@example.com", "b@example.com"))
                        .isInstanceOf(java.io.UncheckedIOException.class)
                        .hasMessageContaining("disk gone");
                assertThat(s.isUsable()).isFalse();
            }
            server.verify();
        }
    }

    @Test
    void aRefusedChunkStopsTheMessageBeforeLast() throws Exception {
        byte[] message = message(ChunkWriter.IN_FLIGHT + 2);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            envelope(c);
            fullChunks(c, ChunkWriter.IN_FLIGHT);
            c.reply("552 5.3.4 message too big for this mailbox");
            assertThat(c.awaitClose()).isTrue();
            assertThat(String.join("\n", c.lines())).doesNotContain("LAST");
        })) {
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server).build())) {
                assertThatThrownBy(() ->
                                s.sendMessage(new ByteArrayInputStream(message), "a@example.com", "b@example.com"))
                        .isInstanceOf(SmtpFatalException.class)
                        .hasMessageContaining("552");
            }
            server.verify();
        }
    }

    @Test
    void aLostChunkReplyBeforeLastIsTransientAndAfterLastUncertain() throws Exception {
        byte[] big = message(ChunkWriter.IN_FLIGHT + 2);
        byte[] small = message(2);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    envelope(c);
                    fullChunks(c, ChunkWriter.IN_FLIGHT);
                    c.close(); // the client waits for the oldest reply: LAST was never sent
                },
                c -> {
                    envelope(c);
                    fullChunks(c, 2);
                    c.expect("BDAT ");
                    c.readBytes(small.length - 2 * ChunkWriter.CHUNK);
                    c.close(); // LAST went out; its reply and the chunks' never come
                })) {
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(new ByteArrayInputStream(big), "a@example.com", "b@example.com"))
                        .isInstanceOf(SmtpConnectionException.class)
                        .satisfies(e ->
                                assertThat(((SmtpException) e).isTransient()).isTrue());
            }
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server).build())) {
                assertThatThrownBy(
                                () -> s.sendMessage(new ByteArrayInputStream(small), "a@example.com", "b@example.com"))
                        .isInstanceOf(SmtpDeliveryUncertainException.class);
            }
            server.verify();
        }
    }

    @Test
    void aConnectionResetInTheChunksIsATransientFailureNeverUncertain() throws Exception {
        // Larger than the socket buffers on both sides, so the reset fails a write before LAST.
        byte[] big = message(400);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            envelope(c);
            fullChunks(c, 2);
            c.reset();
        })) {
            try (SmtpSession s = Smtp.start(PipelinedBatchTests.config(server).build())) {
                assertThatThrownBy(() -> s.sendMessage(new ByteArrayInputStream(big), "a@example.com", "b@example.com"))
                        .isInstanceOf(SmtpException.class)
                        .isNotInstanceOf(SmtpDeliveryUncertainException.class)
                        .satisfies(e ->
                                assertThat(((SmtpException) e).isTransient()).isTrue());
            }
            server.verify();
        }
    }
}
