/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.auth.AuthMechanism;
import dev.netsmtp.event.SessionDetails;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.HostList;
import dev.netsmtp.session.MessageOutputStream;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.tls.TlsMode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each transaction is told what its connection is ({@link SessionDetails}): the TLS protocol and
 * the login as they happened, not as configured. A table: every send shape × a plain connection
 * (opportunistic STARTTLS to a server that does not offer it), STARTTLS with AUTH PLAIN, and
 * implicit TLS with AUTH LOGIN; the same facts on a pooled session reused for a second message;
 * after a failover, the server reached; over LMTP.
 */
@Timeout(60)
class SessionDetailsTests {

    /** A connection kind: the server it runs, the client settings for it, what must be seen. */
    enum Kind {
        PLAIN_THOUGH_STARTTLS_WAS_ASKED(false, false, false),
        STARTTLS_AND_PLAIN(true, false, true),
        IMPLICIT_TLS_AND_LOGIN(false, true, true);

        final boolean starttls;
        final boolean implicit;
        final boolean login;

        Kind(boolean starttls, boolean implicit, boolean login) {
            this.starttls = starttls;
            this.implicit = implicit;
            this.login = login;
        }

        SmtpTestServer server() {
            SmtpTestServer.Builder b =
                    SmtpTestServer.builder().starttls(starttls).implicitTls(implicit);
            if (login) {
                b.user("app", "s3cret");
            }
            return b.start();
        }

        SmtpConfig config(SmtpTestServer server, SmtpListener listener) {
            SmtpConfig.Builder b = server.clientConfig().listener(listener);
            if (implicit) {
                b.tls(TlsMode.IMPLICIT).auth("app", "s3cret", AuthMechanism.LOGIN);
            } else if (starttls) {
                b.tls(TlsMode.STARTTLS_REQUIRED).auth("app", "s3cret", AuthMechanism.PLAIN);
            } else {
                b.tls(TlsMode.STARTTLS); // asked for when offered; this server does not offer it
            }
            return b.build();
        }

        Optional<String> mechanism() {
            return !login ? Optional.empty() : Optional.of(implicit ? "LOGIN" : "PLAIN");
        }
    }

    /** A send shape: sends the two envelopes through the config, by one public path. */
    enum Shape {
        SESSION_BYTES((config, envelopes) -> Smtp.start(config, s -> envelopes.forEach(e -> s.sendMessage(e, body())))),
        SESSION_STREAM((config, envelopes) ->
                Smtp.start(config, s -> envelopes.forEach(e -> s.sendMessage(e, new ByteArrayInputStream(body()))))),
        MESSAGE_STREAM((config, envelopes) -> Smtp.start(
                config,
                s -> envelopes.forEach(e -> {
                    try (MessageOutputStream out = s.openMessageStream(e)) {
                        out.write(body());
                        out.commit();
                    } catch (java.io.IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                }))),
        SESSION_BATCH((config, envelopes) -> Smtp.start(config, s -> assertSent(s.sendMessages(outgoing(envelopes))))),
        TEMPLATE_SEND((config, envelopes) -> withTemplate(config, t -> envelopes.forEach(e -> t.send(e, body())))),
        TEMPLATE_SEND_ALL((config, envelopes) -> withTemplate(config, t -> assertSent(t.sendAll(outgoing(envelopes)))));

        final BiConsumer<SmtpConfig, List<Envelope>> send;

        Shape(BiConsumer<SmtpConfig, List<Envelope>> send) {
            this.send = send;
        }
    }

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            for (Kind kind : Kind.values()) {
                rows.add(Arguments.of(shape, kind));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("table")
    void everyTransactionIsToldItsConnectionAsItIs(Shape shape, Kind kind) {
        Map<String, SessionDetails> seen = new ConcurrentHashMap<>();
        SmtpListener listener = new SmtpListener() {
            @Override
            public void transactionStarted(Envelope envelope, SessionDetails session) {
                seen.put(envelope.recipients().get(0).address(), session);
            }
        };
        try (SmtpTestServer server = kind.server()) {
            List<Envelope> envelopes = List.of(
                    Envelope.of("app@example.com", "first@example.net"),
                    Envelope.of("app@example.com", "second@example.net"));
            shape.send.accept(kind.config(server, listener), envelopes);

            assertThat(server.messages()).hasSize(2);
            assertThat(seen).containsOnlyKeys("first@example.net", "second@example.net");
            for (SessionDetails details : seen.values()) {
                assertThat(details.host()).isEqualTo(server.host());
                assertThat(details.port()).isEqualTo(server.port());
                assertThat(details.authMechanism()).isEqualTo(kind.mechanism());
                assertThat(details.isEncrypted()).isEqualTo(kind.starttls || kind.implicit);
                details.tlsProtocol().ifPresent(p -> assertThat(p).matches("TLSv1\\.[23]"));
            }
            // What the server saw agrees: TLS or not, the user or nobody.
            assertThat(server.messages()).allSatisfy(m -> {
                assertThat(m.tls()).isEqualTo(kind.starttls || kind.implicit);
                assertThat(m.authenticatedUser()).isEqualTo(kind.login ? Optional.of("app") : Optional.empty());
            });
        }
    }

    @Test
    void aListenerOfTheOneArgumentFormStillHearsEveryTransaction() {
        List<Envelope> heard = new ArrayList<>();
        SmtpListener old = new SmtpListener() {
            @Override
            public void transactionStarted(Envelope envelope) {
                heard.add(envelope);
            }
        };
        try (SmtpTestServer server = SmtpTestServer.builder().start()) {
            Envelope envelope = Envelope.of("app@example.com", "ann@example.net");
            Smtp.start(
                    server.clientConfig()
                            .listener(SmtpListener.of(List.of(old)))
                            .build(),
                    s -> {
                        s.sendMessage(envelope, body());
                        s.sendMessages(outgoing(List.of(envelope)));
                    });
            assertThat(heard).containsExactly(envelope, envelope);
        }
    }

    @Test
    void afterAFailoverTheDetailsAreTheServerReachedNotTheFirstConfigured() {
        Map<String, SessionDetails> seen = new ConcurrentHashMap<>();
        SmtpListener listener = new SmtpListener() {
            @Override
            public void transactionStarted(Envelope envelope, SessionDetails session) {
                seen.put(envelope.recipients().get(0).address(), session);
            }
        };
        try (SmtpTestServer first = SmtpTestServer.builder().start();
                SmtpTestServer second = Kind.STARTTLS_AND_PLAIN.server()) {
            first.failAt(Step.GREETING).always().reply("421 4.3.2 not now");
            HostList hosts = HostList.of(
                    Kind.PLAIN_THOUGH_STARTTLS_WAS_ASKED.config(first, listener),
                    Kind.STARTTLS_AND_PLAIN.config(second, listener));
            try (PooledSmtpSessionFactory pool =
                    new PooledSmtpSessionFactory(hosts, PoolConfig.builder().build())) {
                SmtpTemplate.of(pool).send(Envelope.of("app@example.com", "ann@example.net"), body());
            }
            SessionDetails details = seen.get("ann@example.net");
            assertThat(details.port()).isEqualTo(second.port());
            assertThat(details.tlsProtocol()).isPresent();
            assertThat(details.authMechanism()).contains("PLAIN");
            assertThat(first.messages()).isEmpty();
        }
    }

    @Test
    void anLmtpDeliveryIsToldItsConnectionToo() {
        List<SessionDetails> seen = new CopyOnWriteArrayList<>();
        SmtpListener listener = new SmtpListener() {
            @Override
            public void transactionStarted(Envelope envelope, SessionDetails session) {
                seen.add(session);
            }
        };
        try (SmtpTestServer server =
                SmtpTestServer.builder().lmtp(true).starttls(false).start()) {
            Shape.SESSION_BYTES.send.accept(
                    server.clientConfig()
                            .lmtp(true)
                            .tls(TlsMode.NONE)
                            .listener(listener)
                            .build(),
                    List.of(Envelope.of("app@example.com", "ann@example.net")));
            assertThat(server.messages()).hasSize(1);
            assertThat(seen).singleElement().satisfies(d -> {
                assertThat(d.port()).isEqualTo(server.port());
                assertThat(d.isEncrypted()).isFalse();
                assertThat(d.isAuthenticated()).isFalse();
            });
        }
    }

    @Test
    void theDocsAuditNotesMailThatWentUnencrypted() {
        List<String> unencrypted = new CopyOnWriteArrayList<>();
        SmtpListener audit = new SmtpListener() {
            @Override
            public void transactionStarted(Envelope envelope, SessionDetails session) {
                if (!session.isEncrypted()) {
                    unencrypted.add(envelope.reversePath() + " via " + session.host() + ":" + session.port());
                }
            }
        };
        for (Kind kind : List.of(Kind.STARTTLS_AND_PLAIN, Kind.PLAIN_THOUGH_STARTTLS_WAS_ASKED)) {
            try (SmtpTestServer server = kind.server()) {
                Shape.TEMPLATE_SEND.send.accept(
                        kind.config(server, audit), List.of(Envelope.of("app@example.com", "ann@example.net")));
                assertThat(unencrypted)
                        .as(kind.name())
                        .hasSize(kind == Kind.STARTTLS_AND_PLAIN ? 0 : 1)
                        .allSatisfy(
                                line -> assertThat(line).isEqualTo("app@example.com via 127.0.0.1:" + server.port()));
            }
        }
    }

    private static byte[] body() {
        return "Subject: details\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    private static List<OutgoingMessage> outgoing(List<Envelope> envelopes) {
        return envelopes.stream().map(e -> OutgoingMessage.of(e, body())).toList();
    }

    private static void assertSent(List<SendOutcome> outcomes) {
        assertThat(outcomes)
                .allSatisfy(o -> assertThat(o.isSent()).as(o.toString()).isTrue());
    }

    /** A pool of one session, so the second message goes on the session the first one opened. */
    private static void withTemplate(SmtpConfig config, java.util.function.Consumer<SmtpTemplate> use) {
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                config, PoolConfig.builder().maxTotal(1).build())) {
            use.accept(SmtpTemplate.of(pool));
            assertThat(pool.stats().created())
                    .as("one session for both messages")
                    .isEqualTo(1);
        }
    }
}
