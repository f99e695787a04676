/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import dev.netsmtp.Envelope;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.event.SessionDetails;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.event.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Records the session transcript of one send for the page, as Net::SMTP's {@code debug_output}
 * would show it (AUTH redacted), and the connection its transaction went on as it was (TLS and
 * login). A listener bean hears every pooled session; a send runs on the caller's thread, so what
 * that thread's session says during {@link #record} is that send's.
 */
@Component
public class SendTranscripts implements SmtpListener {

    private final ThreadLocal<Recording> current = new ThreadLocal<>();
    private final Transcript format = Transcript.to(line -> {
        Recording recording = current.get();
        if (recording != null) {
            recording.lines.add(line);
        }
    });

    /** What one send's thread heard: the lines, and the connection its transaction went on. */
    private static final class Recording {
        final List<String> lines = new ArrayList<>();

        @Nullable
        SessionDetails session;
    }

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
        Recording recording = new Recording();
        current.set(recording);
        try {
            T result = send.get();
            return new Recorded<>(result, null, recording.lines, recording.session);
        } catch (RuntimeException e) {
            return new Recorded<>(null, e, recording.lines, recording.session);
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
    public void transactionStarted(Envelope envelope, SessionDetails session) {
        Recording recording = current.get();
        if (recording != null) {
            recording.session = session;
        }
        format.transactionStarted(envelope, session);
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
     * @param session the connection the transaction went on, when one started
     * @param <T> the result type
     */
    public record Recorded<T>(
            @Nullable T result,
            @Nullable RuntimeException error,
            List<String> transcript,
            @Nullable SessionDetails session) {}
}
