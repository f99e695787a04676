/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.tls.TlsMode;
import java.time.Duration;
import java.util.List;

/** netsmtp's two ways to send: the pooled template, and one session per thread. */
final class NetsmtpClients {

    private NetsmtpClients() {}

    static SmtpConfig config(BenchClient.Target t) {
        return SmtpConfig.builder()
                .host(t.host())
                .port(t.port())
                .helo("bench.netsmtp.test")
                // Clear text by name: the default would take a STARTTLS the sink offers.
                .tls(TlsMode.NONE)
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** {@code netsmtp-template}: SmtpTemplate over the pooled factory, pool size = threads. */
    static final class Template implements BenchClient {
        private final PooledSmtpSessionFactory pool;
        private final SmtpTemplate template;
        private final byte[] message;
        private final List<String> to = List.of(Messages.TO);

        Template(Target t) {
            pool = new PooledSmtpSessionFactory(
                    config(t),
                    PoolConfig.builder()
                            .maxTotal(t.threads())
                            .maxIdle(t.threads())
                            .build());
            template = SmtpTemplate.of(pool);
            message = t.message();
        }

        @Override
        public String name() {
            return "netsmtp-template";
        }

        @Override
        public Sender sender() {
            return () -> template.send(Messages.FROM, to, message);
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    /** {@code netsmtp-session}: one session per thread, reused for every message. */
    static final class Session implements BenchClient {
        private final SmtpConfig config;
        private final byte[] message;

        Session(Target t) {
            config = config(t);
            message = t.message();
        }

        @Override
        public String name() {
            return "netsmtp-session";
        }

        @Override
        public Sender sender() {
            SmtpSession session = Smtp.start(config);
            return new Sender() {
                @Override
                public void send() {
                    session.sendMessage(message, Messages.FROM, Messages.TO);
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        }

        @Override
        public void close() {}
    }
}
