/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import dev.netsmtp.SmtpReply;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.event.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Records the session transcript of one send for the page, as Net::SMTP's {@code debug_output}
 * would show it (AUTH redacted). A listener bean hears every pooled session; a send runs on the
 * caller's thread, so what that thread's session says during {@link #record} is that send's.
 */
@Component
public class SendTranscripts implements SmtpListener {

    private final ThreadLocal<List<String>> current = new ThreadLocal<>();
    private final Transcript format = Transcript.to(line -> {
        List<String> lines = current.get();
        if (lines != null) {
            lines.add(line);
        }
    });

    /** Creates the recorder; Spring does. */
    public SendTranscripts() {}

    /**
     * Runs a send and keeps what its session said.
     *
     * @param send the send
     * @param <T> its result
     * @return the result with the transcript, or the exception with the transcript
     */
    public <T> Recorded<T> record(Supplier<T> send) {
        List<String> lines = new ArrayList<>();
        current.set(lines);
        try {
            return new Recorded<>(send.get(), null, lines);
        } catch (RuntimeException e) {
            return new Recorded<>(null, e, lines);
        } finally {
            current.remove();
        }
    }

    @Override
    public void connected(String host, int port) {
        format.connected(host, port);
    }

    @Override
    public void commandSent(String command) {
        format.commandSent(command);
    }

    @Override
    public void replyReceived(SmtpReply reply) {
        format.replyReceived(reply);
    }

    @Override
    public void dataSent(long bytes) {
        format.dataSent(bytes);
    }

    @Override
    public void notice(String text) {
        format.notice(text);
    }

    @Override
    public void closed() {
        format.closed();
    }

    /**
     * A send's outcome and transcript.
     *
     * @param result the result, when it succeeded
     * @param error the exception, when it failed
     * @param transcript the lines
     * @param <T> the result type
     */
    public record Recorded<T>(@Nullable T result, @Nullable RuntimeException error, List<String> transcript) {}
}
