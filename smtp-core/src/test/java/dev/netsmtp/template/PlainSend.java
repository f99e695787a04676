/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Sends through the pool and the template with nothing but the core's required dependencies: run
 * by {@link WithoutOptionalDependenciesTests} in a class loader that has neither Micrometer nor
 * Jakarta Mail. Every send shape that runs on the calling thread, and one on an executor.
 */
public final class PlainSend implements IntFunction<String> {

    /** Created reflectively. */
    public PlainSend() {}

    @Override
    public String apply(int port) {
        try (PooledSmtpSessionFactory factory = new PooledSmtpSessionFactory(
                SmtpConfig.builder().host("127.0.0.1").port(port).build(), PoolConfig.defaults())) {
            SmtpTemplate template = SmtpTemplate.of(factory);
            String first = template.send("a@b.example", List.of("x@y.example"), "Subject: 1\r\n\r\nhi\r\n")
                    .reply()
                    .toString();
            List<SendOutcome> batch = template.sendAll(List.of(
                    OutgoingMessage.of("a@b.example", List.of("x@y.example"), "Subject: 2\r\n\r\nhi\r\n"),
                    OutgoingMessage.of("a@b.example", List.of("x@y.example"), "Subject: 3\r\n\r\nhi\r\n")));
            String async = template.sendAsync(
                            OutgoingMessage.of("a@b.example", List.of("x@y.example"), "Subject: 4\r\n\r\nhi\r\n"),
                            Runnable::run)
                    .join()
                    .reply()
                    .toString();
            return first + " | " + batch.stream().filter(SendOutcome::isSent).count() + " | " + async;
        }
    }
}
