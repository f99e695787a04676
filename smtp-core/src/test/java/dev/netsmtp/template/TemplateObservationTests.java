/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.observation.SmtpObservationDocumentation.Events;
import dev.netsmtp.observation.SmtpObservationEvents;
import dev.netsmtp.observation.SmtpSendContext;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.HostList;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.testing.SinkServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One observation per message, opened by the template around the send, on every send shape: in
 * scope while the message's MAIL goes out (so what logs or instruments the commands sees the send,
 * not the caller), a child of the caller's observation also when the send runs on an executor,
 * tagged with the server the send actually used, stopped once with its outcome.
 */
class TemplateObservationTests {

    /** Every way the template sends: each runs its messages from the caller's thread. */
    enum Shape {
        SEND_BYTES(1),
        SEND_STREAM(1),
        SEND_WRITER(1),
        SEND_ASYNC(1),
        SEND_ALL_PIPELINED(3),
        SEND_ALL_ON_EXECUTOR(3),
        SEND_ALL_RATE_LIMITED(2);

        final int messages;

        Shape(int messages) {
            this.messages = messages;
        }

        void run(SmtpTemplate template, List<OutgoingMessage> batch, ExecutorService executor) throws Exception {
            OutgoingMessage m = batch.get(0);
            switch (this) {
                case SEND_BYTES -> template.send(m.envelope(), m.content());
                case SEND_STREAM -> template.send(m.envelope(), new ByteArrayInputStream(m.content()));
                case SEND_WRITER -> template.send(m.envelope(), (MessageWriter) out -> out.write(m.content()));
                case SEND_ASYNC -> template.sendAsync(m, executor).get(10, TimeUnit.SECONDS);
                case SEND_ALL_PIPELINED, SEND_ALL_RATE_LIMITED -> assertThat(template.sendAll(batch))
                        .allMatch(SendOutcome::isSent);
                case SEND_ALL_ON_EXECUTOR -> assertThat(template.sendAll(batch, executor))
                        .allMatch(SendOutcome::isSent);
            }
        }
    }

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    /** For each message's MAIL FROM (by sender), the observation current when it was written. */
    private final Map<String, ObservationView> currentAtMail = new ConcurrentHashMap<>();

    private final SmtpListener watchingMail = new SmtpListener() {
        @Override
        public void commandSent(String command) {
            if (command.startsWith("MAIL FROM:<")) {
                String sender = command.substring("MAIL FROM:<".length(), command.indexOf('>'));
                ObservationView current = registry.getCurrentObservation();
                currentAtMail.put(sender, current == null ? Observation.NOOP : current);
            }
        }
    };

    private static List<OutgoingMessage> batch(int n) {
        List<OutgoingMessage> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(OutgoingMessage.of(
                    Envelope.of("m" + i + "@b.example", List.of("r" + i + "@y.example")),
                    ("Subject: m" + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
        return list;
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void eachMessageIsOneObservationInScopeAtItsMailAndAChildOfTheCallers(Shape shape) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (SinkServer sink = SinkServer.start();
                PooledSmtpSessionFactory factory = new PooledSmtpSessionFactory(
                        sink.config()
                                .readTimeout(Duration.ofSeconds(5))
                                .listener(watchingMail)
                                .listener(new SmtpObservationEvents(registry))
                                .build(),
                        PoolConfig.builder().maxTotal(2).build())) {
            SmtpTemplate.Builder builder = SmtpTemplate.builder(factory).observationRegistry(registry);
            if (shape == Shape.SEND_ALL_RATE_LIMITED) {
                builder.rateLimit(1_000);
            }
            SmtpTemplate template = builder.build();
            List<OutgoingMessage> batch = batch(shape.messages);

            Observation caller = Observation.start("caller", registry);
            Observation.Scope scope = caller.openScope();
            try {
                shape.run(template, batch, executor);
            } finally {
                scope.close();
                caller.stop();
            }

            assertThat(registry.getCurrentObservation())
                    .as("nothing left in scope")
                    .isNull();
            TestObservationRegistryAssert.assertThat(registry)
                    .hasNumberOfObservationsWithNameEqualTo("smtp.client.send", shape.messages);
            assertThat(currentAtMail).hasSize(shape.messages);
            for (OutgoingMessage m : batch) {
                ObservationView atMail = currentAtMail.get(m.envelope().reversePath());
                assertThat(atMail.getContextView())
                        .as(
                                "the observation current at MAIL of %s",
                                m.envelope().reversePath())
                        .isInstanceOfSatisfying(SmtpSendContext.class, c -> {
                            assertThat(c.getEnvelope().reversePath())
                                    .isEqualTo(m.envelope().reversePath());
                            assertThat(c.getParentObservation()).isSameAs(caller);
                            assertThat(c.getLowCardinalityKeyValue("smtp.outcome")
                                            .getValue())
                                    .isEqualTo("sent");
                            assertThat(c.getLowCardinalityKeyValue("server.address")
                                            .getValue())
                                    .isEqualTo("127.0.0.1");
                            assertThat(c.getLowCardinalityKeyValue("server.port")
                                            .getValue())
                                    .isEqualTo(Integer.toString(
                                            sink.config().build().port()));
                        });
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void afterFailoverTheKeysNameTheServerThatWasUsed(Shape shape) throws Exception {
        int refused;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = s.getLocalPort(); // closed again: connecting to it is refused
        }
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof SmtpSendContext;
            }
        });
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (SinkServer sink = SinkServer.start();
                PooledSmtpSessionFactory factory = new PooledSmtpSessionFactory(
                        HostList.of(
                                SmtpConfig.builder()
                                        .host("localhost")
                                        .port(refused)
                                        .listener(new SmtpObservationEvents(registry))
                                        .build(),
                                sink.config()
                                        .listener(new SmtpObservationEvents(registry))
                                        .build()),
                        PoolConfig.builder().maxTotal(2).build())) {
            SmtpTemplate.Builder builder = SmtpTemplate.builder(factory).observationRegistry(registry);
            if (shape == Shape.SEND_ALL_RATE_LIMITED) {
                builder.rateLimit(1_000);
            }
            shape.run(builder.build(), batch(shape.messages), executor);

            String port = Integer.toString(sink.config().build().port());
            assertThat(stopped).hasSize(shape.messages).allSatisfy(c -> {
                assertThat(c.getLowCardinalityKeyValue("server.address").getValue())
                        .isEqualTo("127.0.0.1");
                assertThat(c.getLowCardinalityKeyValue("server.port").getValue())
                        .isEqualTo(port);
            });
            TestObservationRegistryAssert.assertThat(registry).hasAnObservationWithAKeyValue("server.port", port);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aSendThatReachedNoServerSaysUnknownAndCarriesTheError() throws Exception {
        int refused;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = s.getLocalPort();
        }
        try (PooledSmtpSessionFactory factory = new PooledSmtpSessionFactory(
                SmtpConfig.builder().host("127.0.0.1").port(refused).build(), PoolConfig.defaults())) {
            SmtpTemplate template = SmtpTemplate.builder(factory)
                    .observationRegistry(registry)
                    .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), 1, Duration.ofMillis(1)))
                    .build();
            dev.netsmtp.Envelope keyed = dev.netsmtp.Envelope.builder()
                    .from("a@b.example")
                    .to("x@y.example")
                    .key(dev.netsmtp.IdempotencyKey.of("order-9"))
                    .build();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> template.send(keyed, "Subject: t\r\n\r\nhi\r\n".getBytes()))
                    .isInstanceOf(dev.netsmtp.SmtpConnectionException.class)
                    .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((dev.netsmtp.SmtpException) e).key())
                            .as("the key, even on an error before any server was reached")
                            .contains(dev.netsmtp.IdempotencyKey.of("order-9")));

            TestObservationRegistryAssert.assertThat(registry)
                    .hasSingleObservationThat()
                    .hasBeenStopped()
                    .hasLowCardinalityKeyValue("server.address", "unknown")
                    .hasLowCardinalityKeyValue("smtp.outcome", "failed")
                    .hasLowCardinalityKeyValue("error.type", "SmtpConnectionException")
                    .hasHighCardinalityKeyValue("smtp.attempts", "2")
                    // The key is high cardinality: on spans, never a metric tag.
                    .hasHighCardinalityKeyValue("smtp.message.key", "order-9")
                    .doesNotHaveLowCardinalityKeyValueWithKey("smtp.message.key")
                    .hasEvent(Events.ATTEMPT_FAILED.getName())
                    .assertThatError()
                    .isInstanceOf(dev.netsmtp.SmtpConnectionException.class);
        }
    }

    @Test
    void anObservationHandlerThatThrowsNeverBreaksTheSend() throws Exception {
        ObservationRegistry throwing = ObservationRegistry.create();
        throwing.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                throw new IllegalStateException("a broken handler");
            }

            @Override
            public void onStop(Observation.Context context) {
                throw new IllegalStateException("a broken handler");
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        try (SinkServer sink = SinkServer.start();
                PooledSmtpSessionFactory factory =
                        new PooledSmtpSessionFactory(sink.config().build(), PoolConfig.defaults())) {
            SmtpTemplate template =
                    SmtpTemplate.builder(factory).observationRegistry(throwing).build();
            template.send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n");
            assertThat(template.sendAll(batch(2))).allMatch(SendOutcome::isSent);
            assertThat(sink.messages()).isEqualTo(3);
            assertThat(throwing.getCurrentObservation()).isNull();
        }
    }

    @Test
    void withoutARegistryNothingIsObservedAndNothingIsInScope() throws Exception {
        List<@Nullable ObservationView> seen = new CopyOnWriteArrayList<>();
        try (SinkServer sink = SinkServer.start();
                PooledSmtpSessionFactory factory = new PooledSmtpSessionFactory(
                        sink.config()
                                .listener(new SmtpListener() {
                                    @Override
                                    public void commandSent(String command) {
                                        seen.add(registry.getCurrentObservation());
                                    }
                                })
                                .build(),
                        PoolConfig.defaults())) {
            SmtpTemplate.of(factory).send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n");
        }
        assertThat(seen).isNotEmpty().containsOnlyNulls();
        TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyObservation();
    }

    @Test
    void aLoadSignalIsAThrottledEventOfTheSendsObservation() throws Exception {
        try (dev.netsmtp.testing.ScriptedSmtpServer server = dev.netsmtp.testing.ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING", "ENHANCEDSTATUSCODES");
            c.expect("MAIL FROM:<a@b.example>");
            c.reply("451 4.7.1 slow down");
            c.expect("RCPT TO:<x@y.example>");
            c.reply("503 5.5.1 no MAIL");
            c.expect("DATA");
            c.reply("503 5.5.1 no MAIL");
            c.expect("MAIL FROM:<a@b.example>");
            c.reply("250 ok");
            c.expect("RCPT TO:<x@y.example>");
            c.reply("250 ok");
            c.expect("DATA");
            c.reply("354 go");
            c.expect("Subject: t");
            c.expect("");
            c.expect("hi");
            c.expect(".");
            c.reply("250 queued");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (PooledSmtpSessionFactory factory =
                    new PooledSmtpSessionFactory(server.config().chunking(false).build(), PoolConfig.defaults())) {
                sendThrottledOnce(factory);
            }
            // Closing the pool QUITs its session, the script's last step.
            server.verify();
        }
    }

    private void sendThrottledOnce(PooledSmtpSessionFactory factory) {
        SmtpTemplate template = SmtpTemplate.builder(factory)
                .observationRegistry(registry)
                .throttle(new dev.netsmtp.throttle.ThrottlePolicy(100, 1, 1000, 0.5, 1))
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), 1, Duration.ofMillis(1)))
                .build();
        template.send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n");
        TestObservationRegistryAssert.assertThat(registry)
                .hasSingleObservationThat()
                .hasEvent(Events.THROTTLED.getName())
                .hasHighCardinalityKeyValue("smtp.attempts", "2");
        // Halved by the refusal, then one success's climb: 50 + 1/50.
        org.assertj.core.api.Assertions.assertThat(template.currentRate().orElseThrow())
                .isCloseTo(50.02, org.assertj.core.api.Assertions.within(1e-9));
    }
}
