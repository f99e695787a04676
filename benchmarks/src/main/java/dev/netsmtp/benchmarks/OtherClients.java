/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.converter.EmailConverter;
import org.simplejavamail.mailer.MailerBuilder;

/** Simple Java Mail (with its batch-module connection pool) and the Vert.x mail client. */
final class OtherClients {

    private OtherClients() {}

    /** {@code simplejavamail-pool}: {@code Mailer.sendMail} from each thread over the batch-module pool. */
    static final class SimpleJavaMailPool implements BenchClient {
        private final Mailer mailer;
        private final Email email;

        SimpleJavaMailPool(Target t) {
            mailer = MailerBuilder.withSMTPServer(t.host(), t.port())
                    .withTransportStrategy(TransportStrategy.SMTP)
                    .withConnectionPoolCoreSize(t.threads())
                    .withConnectionPoolMaxSize(t.threads())
                    .withThreadPoolSize(t.threads())
                    .withSessionTimeout(30_000)
                    .buildMailer();
            // The same message, parsed once before timing.
            email = EmailConverter.emlToEmail(new String(t.message(), StandardCharsets.US_ASCII));
        }

        @Override
        public String name() {
            return "simplejavamail-pool";
        }

        @Override
        public Sender sender() {
            return () -> mailer.sendMail(email).get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            mailer.shutdownConnectionPool().get(30, TimeUnit.SECONDS);
            mailer.close();
        }
    }

    /** {@code vertx-pool}: the Vert.x mail client, pooled (size = threads), pipelined, keep-alive. */
    static final class VertxPool implements BenchClient {
        private final Vertx vertx = Vertx.vertx();
        private final MailClient client;
        private final MailMessage message;

        VertxPool(Target t) {
            MailConfig config = new MailConfig()
                    .setHostname(t.host())
                    .setPort(t.port())
                    .setOwnHostname("bench.netsmtp.test")
                    .setStarttls(StartTLSOptions.DISABLED)
                    .setMaxPoolSize(t.threads())
                    .setKeepAlive(true)
                    .setPipelining(true);
            client = MailClient.create(vertx, config);
            // Vert.x builds the MIME message itself: the same headers and body text.
            message = new MailMessage()
                    .setFrom(Messages.FROM)
                    .setTo(Messages.TO)
                    .setSubject("netsmtp benchmark")
                    .setText(Messages.body(t.size()));
        }

        @Override
        public String name() {
            return "vertx-pool";
        }

        @Override
        public Sender sender() {
            return () -> client.sendMail(message)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
