/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.event;

import dev.netsmtp.SmtpReply;
import java.util.function.Consumer;

/**
 * A Net::SMTP-style {@code debug_output}: every command as {@code <- "EHLO localhost"} and every
 * reply line as {@code -> "250-mail.example.com"}. Commands come redacted from the session, so
 * AUTH payloads show as {@code ***}; message contents are shown only as their size.
 *
 * <pre>{@code
 * SmtpConfig config = SmtpConfig.builder()
 *         .host("localhost")
 *         .listener(Transcript.to(System.err::println))
 *         .build();
 * }</pre>
 */
public final class Transcript implements SmtpListener {

    private final Consumer<String> out;

    private Transcript(Consumer<String> out) {
        this.out = out;
    }

    /**
     * Writes the transcript, one line per call, to a consumer such as {@code System.err::println}.
     *
     * @param out receives each line
     * @return the transcript listener
     */
    public static Transcript to(Consumer<String> out) {
        return new Transcript(out);
    }

    /**
     * Writes the transcript to the {@code System.Logger} named {@code dev.netsmtp.transcript} at
     * DEBUG (under Spring Boot, an SLF4J logger of that name).
     *
     * @return the transcript listener
     */
    public static Transcript toLogger() {
        System.Logger log = System.getLogger("dev.netsmtp.transcript");
        return new Transcript(line -> log.log(System.Logger.Level.DEBUG, line));
    }

    @Override
    public void connected(String host, int port) {
        out.accept("opening connection to " + host + ":" + port + "...");
    }

    @Override
    public void commandSent(String command) {
        out.accept("<- \"" + escape(command) + "\"");
    }

    @Override
    public void replyReceived(SmtpReply reply) {
        for (String line : reply.toString().split("\n", -1)) {
            out.accept("-> \"" + escape(line) + "\"");
        }
    }

    /** Names the message a transaction is for, by its key, so that a log line leads to it. */
    @Override
    public void transactionStarted(dev.netsmtp.Envelope envelope) {
        envelope.key().ifPresent(key -> out.accept("-- message " + escape(key.value())));
    }

    @Override
    public void dataSent(long bytes) {
        out.accept("<- [message data, " + bytes + " bytes, ended with CRLF.CRLF]");
    }

    @Override
    public void notice(String text) {
        out.accept("-- " + text);
    }

    @Override
    public void closed() {
        out.accept("connection closed");
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 32 || c == 127) {
                sb.append(String.format("\\x%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
