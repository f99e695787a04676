/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.template;

import dev.netsmtp.Envelope;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpInterruptedException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.dkim.DkimSigner;
import dev.netsmtp.dkim.SignedMessage;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.observation.SmtpObservationConvention;
import dev.netsmtp.session.BatchListener;
import dev.netsmtp.session.ForwardingSmtpSession;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.session.SmtpSessionFactory;
import io.micrometer.observation.ObservationRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Sends mail over sessions from an {@link SmtpSessionFactory}, usually a pooled one: what a
 * service injects. Immutable and thread-safe; built with {@link #builder(SmtpSessionFactory)}.
 *
 * <p>Each send borrows a session, runs one transaction and gives the session back (the template
 * pattern of Spring's {@code JdbcTemplate}). Transient failures that left the message undelivered
 * are retried by the {@link RetryPolicy}, each attempt on a session borrowed again (a new
 * connection after an I/O error, a timeout or a 421; possibly the same one after a reply such as
 * 451 that left it good); a message whose end of data was sent
 * but whose reply was lost is reported as {@link dev.netsmtp.SmtpDeliveryUncertainException} and
 * never resent, since a blind retry can deliver it twice. Every send is bounded by one deadline,
 * the send timeout (2 minutes by default) from the moment it starts: waiting for a pooled session,
 * opening one (DNS, connect, greeting, EHLO, TLS, AUTH, every failover server), every read and
 * write, every retry and the pauses between them. When it passes the send fails with
 * {@link SmtpTimeoutException} (or {@link dev.netsmtp.SmtpDeliveryUncertainException} after the
 * end of data) and the session's socket is closed. An interrupted send stops with
 * {@link SmtpInterruptedException} and is not retried. An optional rate limit spaces sends. Logs retries to {@code System.Logger}
 * {@code dev.netsmtp.template}.
 *
 * <pre>{@code
 * SmtpTemplate template = SmtpTemplate.builder(factory).build();
 * SendResult result = template.send("app@example.com", List.of("user@example.com"), message);
 * }</pre>
 */
public final class SmtpTemplate implements SmtpOperations {

    /** The default bound on one whole send, retries included. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofMinutes(2);

    private final SmtpSessionFactory factory;
    private final RetryPolicy retryPolicy;
    private final Duration sendTimeout;
    private final Sleeper sleeper;
    private final RateLimiter rateLimiter;
    private final SmtpListener listener;
    private final boolean requireTls;
    private final @Nullable DkimSigner dkim;
    private final Path spool;
    private final dev.netsmtp.throttle.@Nullable AdaptiveRate throttle;
    private final Attempts attempts;
    private final boolean budgeted;
    private final SendObserver observer;

    private SmtpTemplate(Builder b) {
        this.listener = b.listeners.isEmpty() ? SmtpListener.NONE : SmtpListener.of(b.listeners);
        this.factory = b.factory;
        this.retryPolicy = b.retryPolicy;
        this.sendTimeout = b.sendTimeout;
        this.sleeper = b.sleeper;
        this.rateLimiter = new RateLimiter(b.messagesPerSecond, b.sleeper);
        this.requireTls = b.requireTls;
        this.dkim = b.dkim;
        this.spool = b.spool;
        this.throttle = b.throttle == null ? null : new dev.netsmtp.throttle.AdaptiveRate(b.throttle);
        this.attempts = new Attempts(this, retryPolicy, sleeper, rateLimiter, throttle, b.budget);
        this.budgeted = b.budget != null;
        this.observer = b.observationRegistry == null
                ? SendObserver.NONE
                : new ObservedSends(b.observationRegistry, b.observationConvention);
    }

    /**
     * Starts a builder.
     *
     * @param factory where sessions come from
     * @return a builder with the defaults
     */
    public static Builder builder(SmtpSessionFactory factory) {
        return new Builder(factory);
    }

    /**
     * Returns a template with the defaults.
     *
     * @param factory where sessions come from
     * @return the template
     */
    public static SmtpTemplate of(SmtpSessionFactory factory) {
        return builder(factory).build();
    }

    @Override
    public SendResult send(String from, Collection<String> to, byte[] message) {
        return send(Envelope.of(from, to), message);
    }

    @Override
    public SendResult send(String from, Collection<String> to, String message) {
        return send(Envelope.of(from, to), message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public SendResult send(String from, Collection<String> to, InputStream message) {
        return send(Envelope.of(from, to), message);
    }

    @Override
    public SendResult send(Envelope given, byte[] message) {
        return sendBytes(given, message, null);
    }

    private SendResult sendBytes(Envelope given, byte[] message, @Nullable Object parent) {
        Envelope envelope = effective(Objects.requireNonNull(given, "envelope"));
        return sendWithRetries(
                envelope, Content.bytes(envelope, signed(Objects.requireNonNull(message, "message"))), parent);
    }

    @Override
    public SendResult send(Envelope given, InputStream message) {
        Envelope envelope = effective(Objects.requireNonNull(given, "envelope"));
        Objects.requireNonNull(message, "message");
        if (dkim == null) {
            return sendWithRetries(envelope, Content.stream(envelope, message), null);
        }
        try (SignedMessage signed = signedStream(out -> message.transferTo(out))) {
            return sendWithRetries(envelope, Content.signed(envelope, signed), null);
        }
    }

    @Override
    public SendResult send(Envelope given, MessageWriter writer) {
        Envelope envelope = effective(Objects.requireNonNull(given, "envelope"));
        Objects.requireNonNull(writer, "writer");
        if (dkim == null) {
            return sendWithRetries(envelope, Content.writer(envelope, writer), null);
        }
        try (SignedMessage signed = signedStream(writer)) {
            return sendWithRetries(envelope, Content.signed(envelope, signed), null);
        }
    }

    /**
     * The message as every attempt sends it: signed once, here, before the first attempt, when the
     * template signs (DKIM); otherwise as given.
     */
    byte[] signed(byte[] message) {
        return dkim == null ? message : dkim.sign(message);
    }

    /** A streamed message signed in one pass, its body in a file, before the first attempt. */
    private SignedMessage signedStream(MessageWriter writer) {
        try {
            return Objects.requireNonNull(dkim).sign(writer, spool);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(
                    "the message could not be read to sign it (DKIM); nothing was sent: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T execute(SmtpCallback<T> callback) {
        try (SmtpSession session = factory.getSession()) {
            return callback.doInSession(new BorrowedSession(session));
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The messages go pipelined on as few pooled sessions as the pool's message cap allows
     * ({@link SmtpSession#sendMessages(List, BatchListener)}: the end of one message and the
     * next envelope in one write), each under its own {@code sendTimeout}, each with its own
     * retries; a message left unsent when a connection broke goes again on the next session, as
     * its first attempt. With a rate limit or a throttle policy they go one at a time, each waiting for
     * its slot.
     */
    @Override
    public List<SendOutcome> sendAll(List<OutgoingMessage> messages) {
        if (rateLimiter.limits() || throttle != null || budgeted) {
            List<SendOutcome> out = new ArrayList<>(messages.size());
            for (OutgoingMessage m : messages) {
                out.add(trySend(m, null));
            }
            return out;
        }
        return new BatchSend(this, messages).run();
    }

    @Override
    public List<SendOutcome> sendAll(List<OutgoingMessage> messages, Executor executor) {
        Object parent = observer.current();
        List<CompletableFuture<SendOutcome>> futures = new ArrayList<>(messages.size());
        for (OutgoingMessage m : messages) {
            CompletableFuture<SendOutcome> f;
            try {
                f = CompletableFuture.supplyAsync(() -> trySend(m, parent), executor);
            } catch (RuntimeException rejected) {
                f = CompletableFuture.completedFuture(SendOutcome.of(m, null, rejected));
            }
            futures.add(f);
        }
        List<SendOutcome> out = new ArrayList<>(messages.size());
        for (CompletableFuture<SendOutcome> f : futures) {
            out.add(f.join());
        }
        return out;
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(OutgoingMessage message, Executor executor) {
        Object parent = observer.current();
        return CompletableFuture.supplyAsync(() -> sendBytes(message.envelope(), message.content(), parent), executor);
    }

    /** Never throws: whatever happens to one message of a batch, every message gets its outcome. */
    private SendOutcome trySend(OutgoingMessage m, @Nullable Object parent) {
        try {
            return SendOutcome.of(m, sendBytes(m.envelope(), m.content(), parent), null);
        } catch (RuntimeException e) {
            return SendOutcome.of(m, null, e);
        }
    }

    /**
     * The envelope as sent: with an idempotency key (a new one when the caller gave none, the same
     * for every attempt, retry and failover of the send) and with REQUIRETLS when the template asks
     * it of every message.
     */
    Envelope effective(Envelope envelope) {
        Envelope keyed = envelope.key().isPresent() ? envelope : envelope.withKey(IdempotencyKey.generate());
        return requireTls ? keyed.requiringTls() : keyed;
    }

    /**
     * One message, retried while that is safe and the deadline allows; its listeners hear each
     * failed attempt and the outcome, and its observation (a child of {@code parent}, or of the
     * current one) is in scope throughout.
     */
    private SendResult sendWithRetries(Envelope envelope, Content content, @Nullable Object parent) {
        Sending sending = Sending.begin(this, envelope, parent);
        sending.enter();
        try {
            long deadline;
            try {
                rateLimiter.acquire();
                // One absolute deadline from here to the final reply: borrowing, opening a session,
                // every attempt and every pause between them.
                deadline = System.nanoTime() + sendTimeout.toNanos();
            } catch (RuntimeException e) {
                sending.failed(e, 1);
                throw e;
            }
            return attempts.run(sending, content, deadline, 1);
        } finally {
            sending.leave();
        }
    }

    /**
     * Returns the adaptive send rate now, when the template throttles.
     *
     * @return messages a second, or empty without a {@link Builder#throttle} policy
     */
    public java.util.OptionalDouble currentRate() {
        return throttle == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(throttle.rate());
    }

    /** The send timeout ran out before an attempt could start. */
    SmtpTimeoutException sendTimeoutPassed() {
        return new SmtpTimeoutException("the send timeout of " + sendTimeout + " passed", null, null, null, true);
    }

    SmtpSessionFactory factory() {
        return factory;
    }

    Attempts attempts() {
        return attempts;
    }

    SmtpListener listener() {
        return listener;
    }

    SendObserver observer() {
        return observer;
    }

    Duration sendTimeout() {
        return sendTimeout;
    }

    boolean requiresTls() {
        return requireTls;
    }

    @Override
    public String toString() {
        return "SmtpTemplate[" + factory + ", " + retryPolicy + ", sendTimeout=" + sendTimeout + "]";
    }

    /** The session a callback gets: the template, not the callback, gives it back. */
    private static final class BorrowedSession extends ForwardingSmtpSession {
        private final SmtpSession session;

        BorrowedSession(SmtpSession session) {
            this.session = session;
        }

        @Override
        protected SmtpSession delegate() {
            return session;
        }

        @Override
        public void close() {
            // The template releases the session after the callback.
        }
    }

    /** Builds an {@link SmtpTemplate}. Not thread-safe. */
    public static final class Builder {
        private final SmtpSessionFactory factory;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
        private Sleeper sleeper = Sleeper.THREAD;
        private double messagesPerSecond;
        private boolean requireTls;
        private final List<SmtpListener> listeners = new ArrayList<>();
        private @Nullable DkimSigner dkim;
        private dev.netsmtp.throttle.@Nullable ThrottlePolicy throttle;
        private dev.netsmtp.throttle.@Nullable SendBudget budget;
        private Path spool = Path.of(System.getProperty("java.io.tmpdir"));
        private @Nullable ObservationRegistry observationRegistry;
        private @Nullable SmtpObservationConvention observationConvention;

        private Builder(SmtpSessionFactory factory) {
            this.factory = factory;
        }

        /**
         * Asks REQUIRETLS (RFC 8689) of every message sent through the template, as
         * {@link Envelope.Builder#requireTls(boolean)} does for one: a message goes only over
         * verified TLS to a server that advertises REQUIRETLS, or fails before MAIL.
         *
         * @param required false by default
         * @return this builder
         */
        public Builder requireTls(boolean required) {
            this.requireTls = required;
            return this;
        }

        /**
         * Sends at an adaptive rate that reads the servers' load signals ({@link
         * dev.netsmtp.throttle.ThrottlePolicy}): every attempt waits for its slot; a message whose
         * slot would come after its deadline fails with {@link dev.netsmtp.SmtpThrottledException};
         * {@code sendAll} then sends one message at a time. {@link SmtpTemplate#currentRate()} tells
         * the rate.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder throttle(dev.netsmtp.throttle.ThrottlePolicy policy) {
            this.throttle = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Takes every attempt from a send budget shared with other templates (of this JVM, or of
         * other instances through a shared store), after the template's own throttle slot: a
         * message that gets no send before its deadline fails with {@link
         * dev.netsmtp.SmtpThrottledException}; {@code sendAll} then sends one message at a time.
         *
         * @param budget the shared budget
         * @return this builder
         */
        public Builder budget(dev.netsmtp.throttle.SendBudget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * Signs every message with DKIM, once, before its first attempt, on the bytes that go to the
         * wire: every attempt, retry and failover sends the same signed bytes. Byte arrays (also
         * every {@code sendAll} and {@code sendAsync} message, and the {@code JavaMailSender}
         * bridge's) are signed in memory; a stream or a writer is signed in one pass with its body
         * kept in a file in {@link #dkimSpool} (not in memory), which also makes it replayable.
         *
         * @param signer the signer
         * @return this builder
         */
        public Builder dkim(DkimSigner signer) {
            this.dkim = Objects.requireNonNull(signer, "signer");
            return this;
        }

        /**
         * Sets where streamed messages are kept while they are signed and sent (the JVM's temporary
         * directory by default); each file is deleted when its send ends.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder dkimSpool(Path directory) {
            this.spool = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Adds a listener for the template's own events: each failed attempt
         * ({@link SmtpListener#attemptFailed}) and each message's outcome, once
         * ({@link SmtpListener#messageCompleted}), failures before any session included. The
         * session events come from the listeners of each server's {@code SmtpConfig}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(SmtpListener listener) {
            this.listeners.add(listener);
            return this;
        }

        /**
         * Observes every send with Micrometer's observation API (which must then be on the class
         * path): one observation per message, named {@code smtp.client.send}
         * ({@link dev.netsmtp.observation.SmtpObservationDocumentation#SEND}), from the rate limit
         * to the outcome, retries included. It is the current observation on the sending thread
         * while the send's commands run (so logs and nested instrumentation see it), a child of
         * the observation current where the send was asked, also for {@code sendAsync} and
         * {@code sendAll} on an executor. Add {@link dev.netsmtp.observation.SmtpObservationEvents}
         * to the servers' listeners for the connection, TLS and AUTH events.
         *
         * @param registry the registry; none unless set
         * @return this builder
         */
        public Builder observationRegistry(ObservationRegistry registry) {
            this.observationRegistry = Objects.requireNonNull(registry, "observationRegistry");
            return this;
        }

        /**
         * Names the observations and their keys with a convention of the application's own
         * instead of {@link dev.netsmtp.observation.DefaultSmtpObservationConvention}.
         *
         * @param convention the convention
         * @return this builder
         */
        public Builder observationConvention(SmtpObservationConvention convention) {
            this.observationConvention = Objects.requireNonNull(convention, "observationConvention");
            return this;
        }

        /**
         * Sets when to retry.
         *
         * @param policy {@link RetryPolicy#defaults()} unless set
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        /**
         * Sets the bound on one whole send: borrowing, connecting, TLS, AUTH, the envelope, the
         * data and every retry.
         *
         * @param timeout positive; 2 minutes by default
         * @return this builder
         */
        public Builder sendTimeout(Duration timeout) {
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("sendTimeout must be positive, was " + timeout);
            }
            this.sendTimeout = timeout;
            return this;
        }

        /**
         * Limits sends to a rate; sends beyond it wait their turn.
         *
         * @param messagesPerSecond positive; no limit unless set
         * @return this builder
         */
        public Builder rateLimit(double messagesPerSecond) {
            if (!(messagesPerSecond > 0)) {
                throw new IllegalArgumentException("rate limit must be positive, was " + messagesPerSecond);
            }
            this.messagesPerSecond = messagesPerSecond;
            return this;
        }

        /**
         * Sets how the template waits between retries and for the rate limit, for tests.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /**
         * Builds the template.
         *
         * @return the template
         */
        public SmtpTemplate build() {
            return new SmtpTemplate(this);
        }
    }
}
