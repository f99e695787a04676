/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Starts sessions, as Ruby's {@code Net::SMTP.start}.
 *
 * <pre>{@code
 * SmtpConfig config = SmtpConfig.builder().host("localhost").port(2525).build();
 * Smtp.start(config, session -> {
 *     session.sendMessage("Subject: hi\r\n\r\nHello\r\n", "me@example.com", "you@example.com");
 * });
 * }</pre>
 */
public final class Smtp {

    private Smtp() {}

    /**
     * Creates a session that is not yet connected; call {@link SmtpSession#start()}.
     *
     * @param config the server and settings
     * @return the new session
     */
    public static SmtpSession newSession(SmtpConfig config) {
        return new DefaultSmtpSession(config);
    }

    /**
     * Connects, greets and says EHLO: Net::SMTP's {@code start} without a block. Close the
     * session (try-with-resources) to send QUIT.
     *
     * @param config the server and settings
     * @return the started session
     * @throws dev.netsmtp.SmtpException when the server cannot be reached or refuses
     */
    public static SmtpSession start(SmtpConfig config) {
        SmtpSession session = newSession(config);
        session.start();
        return session;
    }

    /**
     * Net::SMTP's block form: starts a session, hands it to the block, and always closes it,
     * sending QUIT when the connection is still good.
     *
     * @param config the server and settings
     * @param block what to do with the session
     * @throws dev.netsmtp.SmtpException when the server refuses, or whatever the block throws
     */
    public static void start(SmtpConfig config, Consumer<SmtpSession> block) {
        try (SmtpSession session = start(config)) {
            block.accept(session);
        }
    }

    /**
     * The block form with a result: starts a session, applies the function, always closes it.
     *
     * @param config the server and settings
     * @param function what to do with the session
     * @param <T> the result type
     * @return what the function returned
     * @throws dev.netsmtp.SmtpException when the server refuses, or whatever the function throws
     */
    public static <T> T call(SmtpConfig config, Function<SmtpSession, T> function) {
        try (SmtpSession session = start(config)) {
            return function.apply(session);
        }
    }
}
