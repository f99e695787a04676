package dev.netsmtp.template;

import dev.netsmtp.Envelope;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpInterruptedException;
import dev.netsmtp.SmtpPoolExhaustedException;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.session.BatchListener;
import dev.netsmtp.session.ForwardingSmtpSession;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.session.SmtpSessionFactory;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    private static final System.Logger LOG = System.getLogger("dev.netsmtp.template");

    /** The default bound on one whole send, retries included. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofMinutes(2);

    private final SmtpSessionFactory factory;
    private final RetryPolicy retryPolicy;
    private final Duration sendTimeout;
    private final Sleeper sleeper;
    private final RateLimiter rateLimiter;
    private final SmtpListener listener;
    private final boolean requireTls;

    private SmtpTemplate(Builder b) {
        this.listener = b.listeners.isEmpty() ? SmtpListener.NONE : SmtpListener.of(b.listeners);
        this.factory = b.factory;
        this.retryPolicy = b.retryPolicy;
        this.sendTimeout = b.sendTimeout;
        this.sleeper = b.sleeper;
        this.rateLimiter = new RateLimiter(b.messagesPerSecond, b.sleeper);
        this.requireTls = b.requireTls;
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
        Envelope envelope = effective(given);
        return sendWithRetries(envelope, bytes(envelope, message));
    }

    @Override
    public SendResult send(Envelope given, InputStream message) {
        Envelope envelope = effective(given);
        CountingInputStream counted = new CountingInputStream(message);
        return sendWithRetries(envelope, new Content() {
            @Override
            public SendResult sendOn(SmtpSession session) {
                return session.sendMessage(envelope, counted);
            }

            @Override
            public boolean replayable() {
                return counted.count == 0;
            }
        });
    }

    @Override
    public SendResult send(Envelope given, MessageWriter writer) {
        Envelope envelope = effective(given);
        boolean[] called = {false};
        MessageWriter watched = out -> {
            called[0] = true;
            writer.writeTo(out);
        };
        return sendWithRetries(envelope, new Content() {
            @Override
            public SendResult sendOn(SmtpSession session) {
                return session.sendMessage(envelope, watched);
            }

            @Override
            public boolean replayable() {
                // A one-shot writer that ran may have consumed its source: a retry would send
                // what is left of it, headers gone, as if it were the message.
                return writer.isReplayable() || !called[0];
            }
        });
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
     * its first attempt. With a rate limit they go one at a time, each spaced by it.
     */
    @Override
    public List<SendOutcome> sendAll(List<OutgoingMessage> messages) {
        if (rateLimiter.limits()) {
            List<SendOutcome> out = new ArrayList<>(messages.size());
            for (OutgoingMessage m : messages) {
                out.add(trySend(m));
            }
            return out;
        }
        return new Batch(messages).run();
    }

    @Override
    public List<SendOutcome> sendAll(List<OutgoingMessage> messages, Executor executor) {
        List<CompletableFuture<SendOutcome>> futures = new ArrayList<>(messages.size());
        for (OutgoingMessage m : messages) {
            CompletableFuture<SendOutcome> f;
            try {
                f = CompletableFuture.supplyAsync(() -> trySend(m), executor);
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
        return CompletableFuture.supplyAsync(() -> send(message.envelope(), message.content()), executor);
    }

    /** Never throws: whatever happens to one message of a batch, every message gets its outcome. */
    private SendOutcome trySend(OutgoingMessage m) {
        try {
            return SendOutcome.of(m, send(m.envelope(), m.content()), null);
        } catch (RuntimeException e) {
            return SendOutcome.of(m, null, e);
        }
    }

    /** The envelope as sent: with REQUIRETLS when the template asks it of every message. */
    private Envelope effective(Envelope envelope) {
        return requireTls ? envelope.requiringTls() : envelope;
    }

    /** One message, retried while that is safe and the deadline allows; its listeners hear each failed attempt and the outcome. */
    private SendResult sendWithRetries(Envelope envelope, Content content) {
        listener.sendStarted(envelope);
        long deadline;
        try {
            rateLimiter.acquire();
            // One absolute deadline from here to the final reply: borrowing, opening a session,
            // every attempt and every pause between them.
            deadline = System.nanoTime() + sendTimeout.toNanos();
        } catch (RuntimeException e) {
            listener.messageCompleted(envelope, Optional.empty(), Optional.of(e), 1);
            throw e;
        }
        return attempts(envelope, content, deadline, 1);
    }

    /** The attempts from {@code first} on, under the send's deadline; hears each failed one and the outcome. */
    private SendResult attempts(Envelope envelope, Content content, long deadline, int first) {
        int attempt = first;
        try {
            for (; ; attempt++) {
                try {
                    if (attempt > 1) {
                        rateLimiter.acquire(); // a retry is a send to the server like any other
                    }
                    SendResult result = sendOnce(content, deadline);
                    listener.messageCompleted(envelope, Optional.of(result), Optional.empty(), attempt);
                    return result;
                } catch (SmtpException e) {
                    boolean retry = mayRetry(e, attempt, content.replayable(), deadline);
                    listener.attemptFailed(envelope, attempt, e, retry);
                    if (!retry) {
                        throw e;
                    }
                    pauseBeforeRetry(envelope, attempt, e);
                }
            }
        } catch (RuntimeException e) {
            listener.messageCompleted(envelope, Optional.empty(), Optional.of(e), attempt);
            throw e;
        }
    }

    /** Tells whether a failed attempt may be followed by another: transient, replayable, within the deadline. */
    private boolean mayRetry(RuntimeException e, int attempt, boolean replayable, long deadline) {
        return e instanceof SmtpException smtp
                && smtp.isTransient()
                && !(e instanceof SmtpPoolExhaustedException)
                && attempt < retryPolicy.maxAttempts()
                && replayable
                && System.nanoTime() + retryPolicy.delayAfter(attempt).toNanos() < deadline;
    }

    /** The pause of the retry policy after {@code attempt}; an interrupt stops the send instead. */
    private void pauseBeforeRetry(Envelope envelope, int attempt, SmtpException e) {
        Duration delay = retryPolicy.delayAfter(attempt);
        if (Thread.currentThread().isInterrupted()) {
            SmtpInterruptedException stop =
                    new SmtpInterruptedException("interrupted; not retrying the send of " + envelope, null);
            stop.addSuppressed(e);
            throw stop;
        }
        LOG.log(
                System.Logger.Level.INFO,
                "send of " + envelope + " failed (attempt " + attempt + " of " + retryPolicy.maxAttempts()
                        + "), retrying in " + delay + ": " + e.getMessage());
        pause(delay, e);
    }

    /**
     * A batch for {@link #sendAll(List)}: the messages handed to pooled sessions in order, the
     * outcomes kept by index, the listeners told of each start, failed attempt and outcome. What a
     * session left untried goes to the next one. A transient failure is judged once the session
     * is given back, so that a retry's pause never holds up a pipeline: then it is retried, each
     * attempt under the message's own deadline, or it is its outcome.
     */
    private final class Batch implements BatchListener {
        private final List<OutgoingMessage> given;
        private final List<OutgoingMessage> sent;
        private final @Nullable SendOutcome[] outcomes;
        private final long[] deadlines;
        private final boolean[] started;
        private final List<Integer> transientFailures = new ArrayList<>();
        private int offset;

        Batch(List<OutgoingMessage> given) {
            this.given = given;
            this.sent = new ArrayList<>(given.size());
            for (OutgoingMessage m : given) {
                sent.add(requireTls ? OutgoingMessage.of(effective(m.envelope()), m.content()) : m);
            }
            this.outcomes = new SendOutcome[given.size()];
            this.deadlines = new long[given.size()];
            this.started = new boolean[given.size()];
        }

        List<SendOutcome> run() {
            int next = 0;
            while (next < sent.size()) {
                start(next);
                long left = deadlines[next] - System.nanoTime();
                List<SendOutcome> tried = List.of();
                try {
                    if (left <= 0) {
                        throw new SmtpTimeoutException("the send timeout of " + sendTimeout + " passed", null, null);
                    }
                    offset = next;
                    try (SmtpSession session = factory.getSession(Duration.ofNanos(left))) {
                        tried = session.sendMessages(sent.subList(next, sent.size()), this);
                    }
                } catch (RuntimeException e) {
                    // Borrowing, connecting or the session itself failed: the attempt of the first
                    // message without an outcome.
                    if (outcomes[next] == null) {
                        failed(next, e);
                    }
                }
                if (tried.isEmpty() && outcomes[next] == null) {
                    // A session that tried nothing (a custom one, say): never leave a message without its outcome.
                    failed(next, new IllegalStateException("the session sent none of the batch"));
                }
                next += Math.max(1, tried.size());
                for (int i : transientFailures) {
                    outcomes[i] = retried(i);
                }
                transientFailures.clear();
            }
            List<SendOutcome> out = new ArrayList<>(outcomes.length);
            for (SendOutcome o : outcomes) {
                out.add(Objects.requireNonNull(o, "every message of the batch has its outcome"));
            }
            return out;
        }

        private void start(int i) {
            if (!started[i]) {
                started[i] = true;
                listener.sendStarted(sent.get(i).envelope());
                deadlines[i] = System.nanoTime() + sendTimeout.toNanos();
            }
        }

        @Override
        public void starting(int index) {
            start(offset + index);
        }

        @Override
        public void finished(int index, SendOutcome outcome) {
            int i = offset + index;
            RuntimeException error = outcome.error().orElse(null);
            if (error == null) {
                listener.messageCompleted(sent.get(i).envelope(), outcome.result(), Optional.empty(), 1);
                outcomes[i] = SendOutcome.of(given.get(i), outcome.result().orElse(null), null);
            } else {
                failed(i, error);
            }
        }

        /** The first attempt failed: final now unless it may be retried, which is judged later. */
        private void failed(int i, RuntimeException error) {
            outcomes[i] = SendOutcome.of(given.get(i), null, error);
            if (error instanceof SmtpException smtp && smtp.isTransient()) {
                transientFailures.add(i);
                return;
            }
            listener.attemptFailed(sent.get(i).envelope(), 1, error, false);
            listener.messageCompleted(sent.get(i).envelope(), Optional.empty(), Optional.of(error), 1);
        }

        /** A message whose first attempt failed transiently: retried when that is safe and in time. */
        private SendOutcome retried(int i) {
            OutgoingMessage m = sent.get(i);
            SendOutcome first = Objects.requireNonNull(outcomes[i]);
            SmtpException error = (SmtpException) first.error().orElseThrow();
            boolean retry = mayRetry(error, 1, true, deadlines[i]);
            listener.attemptFailed(m.envelope(), 1, error, retry);
            if (!retry) {
                listener.messageCompleted(m.envelope(), Optional.empty(), Optional.of(error), 1);
                return first;
            }
            try {
                pauseBeforeRetry(m.envelope(), 1, error);
            } catch (RuntimeException e) {
                listener.messageCompleted(m.envelope(), Optional.empty(), Optional.of(e), 1);
                return SendOutcome.of(given.get(i), null, e);
            }
            try {
                return SendOutcome.of(
                        given.get(i), attempts(m.envelope(), bytes(m.envelope(), m.content()), deadlines[i], 2), null);
            } catch (RuntimeException e) {
                return SendOutcome.of(given.get(i), null, e);
            }
        }
    }

    /** A byte array: always replayable. */
    private static Content bytes(Envelope envelope, byte[] message) {
        return new Content() {
            @Override
            public SendResult sendOn(SmtpSession session) {
                return session.sendMessage(envelope, message);
            }

            @Override
            public boolean replayable() {
                return true;
            }
        };
    }

    private SendResult sendOnce(Content content, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SmtpTimeoutException("the send timeout of " + sendTimeout + " passed", null, null);
        }
        try (SmtpSession session = factory.getSession(Duration.ofNanos(left))) {
            return content.sendOn(session);
        }
    }

    private void pause(Duration delay, SmtpException cause) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            SmtpInterruptedException stop =
                    new SmtpInterruptedException("interrupted while waiting to retry; not retrying", ie);
            stop.addSuppressed(cause);
            throw stop;
        }
    }

    @Override
    public String toString() {
        return "SmtpTemplate[" + factory + ", " + retryPolicy + ", sendTimeout=" + sendTimeout + "]";
    }

    /** A message that can be sent on a session, and may or may not be sent again. */
    private interface Content {
        SendResult sendOn(SmtpSession session);

        boolean replayable();
    }

    /** Counts what was read, so a stream is never retried once partly consumed. */
    private static final class CountingInputStream extends FilterInputStream {
        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
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
