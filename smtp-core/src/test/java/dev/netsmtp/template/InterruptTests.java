/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpInterruptedException;
import dev.netsmtp.session.SimpleSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.testing.ScriptedSmtpServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An interrupt stops a send where it waits (backoff, rate limit), keeps the flag, and is never retried. */
class InterruptTests {

    @AfterEach
    void clearTheFlag() {
        Thread.interrupted();
    }

    private static SmtpConfig config(ScriptedSmtpServer server) {
        return server.config().build();
    }

    @Test
    void anInterruptDuringTheBackoffStopsTheSendWithoutARetry() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("MAIL FROM:");
            c.reply("451 4.3.0 try again later");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            SmtpTemplate template = SmtpTemplate.builder(new SimpleSmtpSessionFactory(config(server)))
                    .sleeper(d -> {
                        throw new InterruptedException("shutting down");
                    })
                    .build();
            assertThatThrownBy(() -> template.send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n"))
                    .isInstanceOf(SmtpInterruptedException.class)
                    .satisfies(
                            e -> assertThat(((SmtpException) e).isTransient()).isFalse())
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
            assertThat(Thread.interrupted()).as("the flag was set again").isTrue();
            server.verify();
            assertThat(server.conversations()).hasSize(1);
        }
    }

    @Test
    void anInterruptWhileWaitingForTheRateLimitStopsTheSend() {
        SmtpConfig nowhere = SmtpConfig.builder().host("127.0.0.1").port(1).build();
        boolean[] firstWait = {true};
        SmtpTemplate template = SmtpTemplate.builder(new SimpleSmtpSessionFactory(nowhere))
                .rateLimit(0.001) // one message per 1,000 s: the second send must wait
                .sleeper(d -> {
                    if (firstWait[0]) {
                        firstWait[0] = false;
                        throw new InterruptedException("shutting down");
                    }
                })
                .retryPolicy(RetryPolicy.none())
                .build();
        assertThatThrownBy(() -> template.send("a@b.example", List.of("x@y.example"), "x"))
                .isNotInstanceOf(SmtpInterruptedException.class); // the first send does not wait, it fails to connect
        assertThatThrownBy(() -> template.send("a@b.example", List.of("x@y.example"), "x"))
                .isInstanceOf(SmtpInterruptedException.class)
                .hasMessageContaining("rate limit");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
