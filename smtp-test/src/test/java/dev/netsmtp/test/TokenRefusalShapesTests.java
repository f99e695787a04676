/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.auth.AccessToken;
import dev.netsmtp.auth.TokenSource;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.MessageOutputStream;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.template.SmtpTemplate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * A token revoked between its issue and its use, on every send shape, over STARTTLS against the
 * kit's server: the login is refused once, goes again with a new token on a new connection, and
 * the message is stored exactly once; a server that refuses every token ends every shape with a
 * permanent {@link SmtpAuthenticationException}, nothing stored, no retry, no token in any text.
 */
@Timeout(120)
class TokenRefusalShapesTests {

    enum Shape {
        SESSION_BYTES,
        SESSION_STREAM,
        SESSION_BATCH,
        TEMPLATE_SEND,
        TEMPLATE_INPUT_STREAM,
        TEMPLATE_SEND_ALL,
        TEMPLATE_SEND_ALL_EXECUTOR,
        TEMPLATE_SEND_ASYNC,
        TEMPLATE_EXECUTE
    }

    /** Issues zq9-1, zq9-2, ...; the server takes only tokens it issued that were not revoked. */
    private static final class Issuer implements TokenSource {
        final AtomicInteger issued = new AtomicInteger();
        final Set<String> revoked = ConcurrentHashMap.newKeySet();
        final List<String> told = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile boolean revokeEverything;

        @Override
        public AccessToken token() {
            return AccessToken.withoutExpiry("zq9-" + issued.incrementAndGet());
        }

        @Override
        public void refused(AccessToken token) {
            told.add(token.value());
        }

        boolean valid(String user, String token) {
            return user.equals("app@example.com")
                    && token.startsWith("zq9-")
                    && !revokeEverything
                    && !revoked.contains(token);
        }
    }

    @TestFactory
    Stream<DynamicTest> aRevokedTokenIsRenewedOnceAndTheMessageSentOnce() {
        return Stream.of(Shape.values()).map(shape -> DynamicTest.dynamicTest(shape.name(), () -> run(shape, false)));
    }

    @TestFactory
    Stream<DynamicTest> aServerThatRefusesEveryTokenEndsEveryShapePermanently() {
        return Stream.of(Shape.values()).map(shape -> DynamicTest.dynamicTest(shape.name(), () -> run(shape, true)));
    }

    private static void run(Shape shape, boolean refuseAll) throws Exception {
        Issuer issuer = new Issuer();
        issuer.revoked.add("zq9-1");
        issuer.revokeEverything = refuseAll;
        List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());
        try (SmtpTestServer server =
                SmtpTestServer.builder().tokenCheck(issuer::valid).start()) {
            SmtpConfig config = server.clientConfig()
                    .oauth2("app@example.com", issuer)
                    .transcript(transcript::add)
                    .build();
            Throwable error = null;
            try {
                send(shape, config);
            } catch (RuntimeException e) {
                error = e;
            }
            long stored = server.messagesWithSubject("token " + shape).size();
            if (refuseAll) {
                assertThat(error)
                        .as("%s ends with the permanent refusal", shape)
                        .isInstanceOf(SmtpAuthenticationException.class)
                        .hasMessageContaining("refused again after a new token")
                        .hasMessageNotContaining("zq9");
                SmtpAuthenticationException a = (SmtpAuthenticationException) error;
                assertThat(a.isTransient()).isFalse();
                assertThat(a.tokenStatus())
                        .hasValueSatisfying(s -> assertThat(s.status()).isEqualTo("invalid_token"));
                assertThat(stored).isZero();
                assertThat(issuer.issued)
                        .as("one login, one second login, no retry")
                        .hasValue(2);
            } else {
                assertThat(error).as("%s sends", shape).isNull();
                assertThat(stored).as("%s stored once", shape).isEqualTo(1);
                assertThat(issuer.told).containsExactly("zq9-1");
                assertThat(issuer.issued).hasValue(2);
            }
            assertThat(String.join("\n", transcript)).doesNotContain("zq9");
            for (ReceivedMessage m : server.messages()) {
                assertThat(String.join("\n", m.transcript())).doesNotContain("zq9");
            }
        }
    }

    private static void rethrow(SendOutcome outcome) {
        if (outcome.error().isPresent()) {
            throw outcome.error().get();
        }
    }

    private static byte[] message(Shape shape) {
        return ("Subject: token " + shape + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void send(Shape shape, SmtpConfig config) throws Exception {
        Envelope envelope = Envelope.of("app@example.com", List.of("you@example.com"));
        switch (shape) {
            case SESSION_BYTES -> {
                try (SmtpSession s = Smtp.start(config)) {
                    s.sendMessage(envelope, message(shape));
                }
            }
            case SESSION_STREAM -> {
                try (SmtpSession s = Smtp.start(config)) {
                    try (MessageOutputStream out = s.openMessageStream(envelope)) {
                        out.write(message(shape));
                        out.commit();
                    }
                }
            }
            case SESSION_BATCH -> {
                try (SmtpSession s = Smtp.start(config)) {
                    List<SendOutcome> out = s.sendMessages(List.of(OutgoingMessage.of(envelope, message(shape))));
                    rethrow(out.get(0));
                }
            }
            default -> {
                try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                        config, PoolConfig.builder().maxTotal(2).build())) {
                    SmtpTemplate template =
                            SmtpTemplate.builder(pool).sleeper(d -> {}).build();
                    sendByTemplate(shape, template, envelope);
                }
            }
        }
    }

    private static void sendByTemplate(Shape shape, SmtpTemplate template, Envelope envelope) throws Exception {
        OutgoingMessage one = OutgoingMessage.of(envelope, message(shape));
        switch (shape) {
            case TEMPLATE_SEND -> template.send(envelope, message(shape));
            case TEMPLATE_INPUT_STREAM -> template.send(envelope, new ByteArrayInputStream(message(shape)));
            case TEMPLATE_SEND_ALL -> rethrow(template.sendAll(List.of(one)).get(0));
            case TEMPLATE_SEND_ALL_EXECUTOR -> {
                ExecutorService executor = Executors.newFixedThreadPool(2);
                try {
                    rethrow(template.sendAll(List.of(one), executor).get(0));
                } finally {
                    executor.shutdownNow();
                }
            }
            case TEMPLATE_SEND_ASYNC -> {
                ExecutorService executor = Executors.newFixedThreadPool(2);
                try {
                    try {
                        template.sendAsync(one, executor).get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw (RuntimeException) e.getCause();
                    }
                } finally {
                    executor.shutdownNow();
                }
            }
            case TEMPLATE_EXECUTE -> template.execute(s -> s.sendMessage(envelope, message(shape)));
            default -> throw new AssertionError(shape);
        }
    }
}
