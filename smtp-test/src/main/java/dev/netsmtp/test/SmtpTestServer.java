/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
// One piece past ~400 lines: the kit's public face, its JUnit 5 extension callbacks and its
// Builder, each setting documented for users' tests; the conversation itself is ServerConnection.
package dev.netsmtp.test;

import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.tls.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A small, real ESMTP server for applications' tests, in process, on 127.0.0.1 and a free port.
 * It speaks what netsmtp uses in production (PIPELINING, CHUNKING, SIZE, 8BITMIME, SMTPUTF8, DSN,
 * ENHANCEDSTATUSCODES, STARTTLS with a certificate made at start, AUTH PLAIN, LOGIN, XOAUTH2 and OAUTHBEARER),
 * keeps every message it accepts ({@link #messages()}), and fails on cue ({@link #failAt}) so an
 * application can test its own retry and error handling.
 *
 * <p>As a JUnit 5 extension: a static field starts it once for the class, an instance field once
 * per test; either way it is {@linkplain #reset() reset} before each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SmtpTestServer smtp = SmtpTestServer.create();
 *
 * @Test
 * void welcomesNewUsers() {
 *     try (SmtpSession session = Smtp.start(smtp.clientConfig().build())) {
 *         session.sendMessage("Subject: Welcome\r\n\r\nHello!\r\n", "app@example.com", "ada@example.com");
 *     }
 *     assertThat(smtp.awaitMessage().subject()).isEqualTo("Welcome");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Every connection has a finite idle timeout ({@link Builder#idleTimeout}); the
 * server's threads are daemons, and {@link #close()} closes every connection.
 */
public final class SmtpTestServer
        implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final String hostName;
    private final long maxMessageSize;
    private final Map<String, String> users;
    private final String throttleReply;
    private final int connectionLimit;
    private final int messagesPerConnection;
    private final @Nullable TokenCheck tokenCheck;
    private final boolean starttls;
    private final boolean implicitTls;
    private final boolean chunking;
    private final boolean lmtp;
    private final boolean refusePipeliningAfterData;
    private final Duration idleTimeout;

    private final Object lock = new Object();
    private final List<ReceivedMessage> messages = new ArrayList<>();
    private final List<FailureCue> cues = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger queueIds = new AtomicInteger();

    private volatile @Nullable ServerSocket listener;
    private boolean startedByClass;
    private boolean startedByTest;

    private SmtpTestServer(Builder b) {
        this.hostName = b.hostName;
        this.maxMessageSize = b.maxMessageSize;
        this.users = Map.copyOf(b.users);
        this.throttleReply = b.throttleReply;
        this.connectionLimit = b.connectionLimit;
        this.messagesPerConnection = b.messagesPerConnection;
        this.throttleRate = b.throttleRate;
        this.tokens = capacity(b.throttleRate);
        this.tokenCheck = b.tokenCheck;
        this.starttls = b.starttls;
        this.implicitTls = b.implicitTls;
        this.chunking = b.chunking;
        this.lmtp = b.lmtp;
        this.refusePipeliningAfterData = b.refusePipeliningAfterData;
        this.idleTimeout = b.idleTimeout;
    }

    /**
     * Returns a server with the defaults, not yet started: for {@code @RegisterExtension}, or
     * {@link #start()} it.
     *
     * @return the server
     */
    public static SmtpTestServer create() {
        return builder().build();
    }

    /**
     * Returns a builder.
     *
     * @return a builder with the defaults: host name {@code localhost}, SIZE 10 MiB, STARTTLS
     *     offered, any credentials accepted
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening on 127.0.0.1 and a free port. Does nothing when already started.
     *
     * @return this server
     * @throws UncheckedIOException when no port can be had
     */
    public SmtpTestServer start() {
        synchronized (lock) {
            if (listener != null) {
                return this;
            }
            try {
                ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
                listener = socket;
                Thread acceptor = new Thread(() -> accept(socket), "smtp-test-server-" + socket.getLocalPort());
                acceptor.setDaemon(true);
                acceptor.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the SMTP test server: " + e.getMessage(), e);
            }
        }
        return this;
    }

    /**
     * Returns the host to connect to.
     *
     * @return {@code 127.0.0.1}
     */
    public String host() {
        return "127.0.0.1";
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     * @throws IllegalStateException when the server is not started
     */
    public int port() {
        ServerSocket s = listener;
        if (s == null) {
            throw new IllegalStateException("the SMTP test server is not started");
        }
        return s.getLocalPort();
    }

    /**
     * Returns a trust store holding the server's certificate (for {@code localhost} and
     * {@code 127.0.0.1}), so a client can verify it as it would a real server's.
     *
     * @return a new trust store
     */
    public KeyStore trustStore() {
        return ServerCertificate.shared().trustStore();
    }

    /**
     * Returns an SSL context that trusts the server's certificate and nothing else.
     *
     * @return the context
     */
    public SSLContext clientSslContext() {
        return TlsSettings.trusting(trustStore());
    }

    /**
     * Returns a netsmtp client configuration pointed at this server: host, port, a trust for its
     * certificate, and 5-second timeouts. Add TLS mode, credentials or anything else as usual.
     *
     * @return a builder
     */
    public SmtpConfig.Builder clientConfig() {
        Duration fiveSeconds = Duration.ofSeconds(5);
        return SmtpConfig.builder()
                .host(host())
                .port(port())
                .sslContext(clientSslContext())
                .connectTimeout(fiveSeconds)
                .readTimeout(fiveSeconds)
                .writeTimeout(fiveSeconds)
                .finalReplyTimeout(fiveSeconds);
    }

    /**
     * Returns what the server accepted so far, in order of acceptance.
     *
     * @return a snapshot
     */
    public List<ReceivedMessage> messages() {
        synchronized (lock) {
            return List.copyOf(messages);
        }
    }

    /**
     * Waits up to 10 seconds for a first message and returns the first.
     *
     * @return the first message accepted since the last reset
     * @throws AssertionError when none arrives in time
     */
    public ReceivedMessage awaitMessage() {
        return awaitMessages(1, DEFAULT_WAIT).get(0);
    }

    /**
     * Waits until at least {@code count} messages were accepted.
     *
     * @param count how many
     * @param timeout how long to wait at most
     * @return the messages (at least {@code count})
     * @throws AssertionError when they do not arrive in time, saying how many did
     */
    public List<ReceivedMessage> awaitMessages(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (messages.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " message(s) within " + timeout + ", got "
                            + messages.size() + ": " + messages);
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for messages", e);
                }
            }
            return List.copyOf(messages);
        }
    }

    /**
     * Returns the messages accepted for a recipient (an envelope recipient, RCPT TO, whatever the
     * headers say), in order of acceptance.
     *
     * @param recipient the address, compared without regard to case
     * @return a snapshot; empty when none
     */
    public List<ReceivedMessage> messagesTo(String recipient) {
        Objects.requireNonNull(recipient, "recipient");
        return messages().stream()
                .filter(m -> m.recipients().stream().anyMatch(recipient::equalsIgnoreCase))
                .toList();
    }

    /**
     * Returns the messages accepted with a subject (decoded, RFC 2047), in order of acceptance.
     *
     * @param subject the subject, exactly
     * @return a snapshot; empty when none
     */
    public List<ReceivedMessage> messagesWithSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        return messages().stream().filter(m -> subject.equals(m.subject())).toList();
    }

    /**
     * Waits up to 10 seconds for a message to a recipient, among others sent in parallel.
     *
     * @param recipient the envelope recipient, compared without regard to case
     * @return the first message accepted for it since the last reset
     * @throws AssertionError when none arrives in time, listing what did
     */
    public ReceivedMessage awaitMessageTo(String recipient) {
        return awaitFirst(m -> m.recipients().stream().anyMatch(recipient::equalsIgnoreCase), "to <" + recipient + ">");
    }

    /**
     * Waits up to 10 seconds for a message with a subject, among others sent in parallel.
     *
     * @param subject the subject, exactly (decoded)
     * @return the first message accepted with it since the last reset
     * @throws AssertionError when none arrives in time, listing what did
     */
    public ReceivedMessage awaitMessageWithSubject(String subject) {
        return awaitFirst(m -> subject.equals(m.subject()), "with subject \"" + subject + "\"");
    }

    private ReceivedMessage awaitFirst(java.util.function.Predicate<ReceivedMessage> wanted, String what) {
        long deadline = System.nanoTime() + DEFAULT_WAIT.toNanos();
        synchronized (lock) {
            while (true) {
                for (ReceivedMessage m : messages) {
                    if (wanted.test(m)) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "expected a message " + what + " within " + DEFAULT_WAIT + ", got: " + messages);
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for a message " + what, e);
                }
            }
        }
    }

    /**
     * Tells a failure to happen at a step, for the next session that reaches it.
     *
     * @param step where
     * @return the cue, armed by its {@code reply}, {@code disconnect} or {@code silence} method
     */
    public FailureCue failAt(Step step) {
        return new FailureCue(this, Objects.requireNonNull(step, "step"), null);
    }

    /**
     * Tells a failure to happen at {@link Step#RCPT} for one recipient only, or over LMTP
     * ({@link Builder#lmtp}) at {@link Step#END_OF_DATA} for that recipient's own final reply.
     *
     * @param step {@link Step#RCPT}, or {@link Step#END_OF_DATA} over LMTP
     * @param recipient the address, compared without regard to case
     * @return the cue
     * @throws IllegalArgumentException when the step is another
     */
    public FailureCue failAt(Step step, String recipient) {
        if (step != Step.RCPT && !(step == Step.END_OF_DATA && lmtp)) {
            throw new IllegalArgumentException(
                    "a recipient applies to Step.RCPT (or, over LMTP, Step.END_OF_DATA), not " + step);
        }
        return new FailureCue(this, step, Objects.requireNonNull(recipient, "recipient"));
    }

    /**
     * Returns how many connections the server has accepted since it started.
     *
     * @return the count
     */
    public int connectionCount() {
        return connections.get();
    }

    /**
     * Forgets the messages and the failure cues; connections stay open. JUnit and the Spring
     * test kit call it before each test.
     */
    public void reset() {
        synchronized (lock) {
            messages.clear();
            cues.clear();
        }
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        ServerSocket s;
        synchronized (lock) {
            s = listener;
            listener = null;
            lock.notifyAll();
        }
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        open.clear();
    }

    /**
     * Starts the server for the test class (a static field).
     *
     * @param context JUnit's
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (listener == null) {
            start();
            startedByClass = true;
        }
    }

    /**
     * Starts the server for one test (an instance field), and resets it.
     *
     * @param context JUnit's
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        if (listener == null) {
            start();
            startedByTest = true;
        }
        reset();
    }

    /**
     * Stops a server started for one test.
     *
     * @param context JUnit's
     */
    @Override
    public void afterEach(ExtensionContext context) {
        if (startedByTest) {
            startedByTest = false;
            close();
        }
    }

    /**
     * Stops a server started for the test class.
     *
     * @param context JUnit's
     */
    @Override
    public void afterAll(ExtensionContext context) {
        if (startedByClass) {
            startedByClass = false;
            close();
        }
    }

    @Override
    public String toString() {
        ServerSocket s = listener;
        return "SmtpTestServer[" + (s == null ? "stopped" : "127.0.0.1:" + s.getLocalPort()) + "]";
    }

    // ---- for the connections

    String hostName() {
        return hostName;
    }

    long maxMessageSize() {
        return maxMessageSize;
    }

    boolean starttls() {
        return starttls;
    }

    boolean chunking() {
        return chunking;
    }

    boolean implicitTls() {
        return implicitTls;
    }

    boolean lmtp() {
        return lmtp;
    }

    boolean refusesPipeliningAfterData() {
        return refusePipeliningAfterData;
    }

    /** Whether a cue waits at {@code step}; nothing is taken. */
    boolean hasCue(Step step) {
        synchronized (lock) {
            for (FailureCue cue : cues) {
                if (cue.waitsAt(step)) {
                    return true;
                }
            }
            return false;
        }
    }

    SSLContext serverSslContext() {
        return ServerCertificate.shared().serverContext;
    }

    /** The send rate the server takes, in messages per second; 0 for no limit. */
    private volatile double throttleRate;

    private final Object bucketLock = new Object();
    private double tokens;
    private long refilledAt = System.nanoTime();
    private final java.util.concurrent.atomic.AtomicInteger throttled = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Limits the rate of messages the server takes, as providers do: a token bucket of
     * {@code perSecond} messages a second holding at most a tenth of a second's worth (at least
     * one); a MAIL past it is answered with the throttle reply ({@code 451 4.7.1} unless set with
     * {@link Builder#throttleReply}). Takes effect at once, also in the middle of a run; 0 lifts it.
     *
     * @param perSecond the rate, 0 or more
     */
    public void throttle(double perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("the rate must not be negative, was " + perSecond);
        }
        synchronized (bucketLock) {
            this.throttleRate = perSecond;
            this.tokens = Math.min(tokens, capacity(perSecond));
        }
    }

    /**
     * Returns how many MAIL commands the throttle refused.
     *
     * @return the count
     */
    public int throttledCount() {
        return throttled.get();
    }

    private static double capacity(double rate) {
        return Math.max(1, rate / 10);
    }

    /** Takes a send from the bucket, or counts a refusal. */
    boolean takeSendToken() {
        double rate = throttleRate;
        if (rate <= 0) {
            return true;
        }
        synchronized (bucketLock) {
            long now = System.nanoTime();
            tokens = Math.min(capacity(rate), tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
        }
        throttled.incrementAndGet();
        return false;
    }

    String throttleReply() {
        return throttleReply;
    }

    /** Messages a connection may carry; 0 for no limit. */
    int messagesPerConnection() {
        return messagesPerConnection;
    }

    /** A client said QUIT: its connection stops counting as open (the close follows). */
    void leaving(Socket client) {
        open.remove(client);
    }

    /** Counts a refusal for a limit other than the rate. */
    void countThrottled() {
        throttled.incrementAndGet();
    }

    /** Whether the credentials are accepted: any when no users were configured. */
    boolean accepts(String user, String secret) {
        return users.isEmpty() || secret.equals(users.get(user));
    }

    /** Whether an OAuth2 token is accepted: by the token check when there is one, else as a password. */
    boolean acceptsToken(String user, String token) {
        return tokenCheck != null ? tokenCheck.accepts(user, token) : accepts(user, token);
    }

    void addCue(FailureCue cue) {
        synchronized (lock) {
            cues.add(cue);
        }
    }

    @Nullable
    FailureCue cueFor(Step step, @Nullable String address) {
        synchronized (lock) {
            for (int i = 0; i < cues.size(); i++) {
                FailureCue cue = cues.get(i);
                if (cue.take(step, address)) {
                    if (cue.spent()) {
                        cues.remove(i);
                    }
                    return cue;
                }
            }
            return null;
        }
    }

    String nextQueueId() {
        return String.format("T%06d", queueIds.incrementAndGet());
    }

    void store(ReceivedMessage message) {
        synchronized (lock) {
            messages.add(message);
            lock.notifyAll();
        }
    }

    boolean running() {
        return listener != null;
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                continue;
            }
            connections.incrementAndGet();
            if (connectionLimit > 0 && open.size() >= connectionLimit) {
                // As providers do past their connection limit: refused at the greeting, closed.
                throttled.incrementAndGet();
                try (Socket refused = client) {
                    refused.setSoTimeout(1000);
                    refused.getOutputStream()
                            .write(("421 4.7.0 " + hostName + " too many connections, try again later\r\n")
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the client went first
                }
                continue;
            }
            open.add(client);
            Thread t = new Thread(
                    () -> {
                        try {
                            new ServerConnection(this, client, idleTimeout).run();
                        } catch (IOException gone) {
                            // the client left before the session began
                        } finally {
                            open.remove(client);
                            try {
                                client.close();
                            } catch (IOException ignored) {
                                // closing
                            }
                        }
                    },
                    "smtp-test-session-" + connections.get());
            t.setDaemon(true);
            t.start();
        }
    }

    /** Settings of a {@link SmtpTestServer}. */
    public static final class Builder {

        private String hostName = "localhost";
        private long maxMessageSize = 10L * 1024 * 1024;
        private final Map<String, String> users = new LinkedHashMap<>();
        private @Nullable TokenCheck tokenCheck;
        private double throttleRate;
        private String throttleReply = "451 4.7.1 Sending too fast, try again later";
        private int connectionLimit;
        private int messagesPerConnection;
        private boolean starttls = true;
        private boolean implicitTls;
        private boolean chunking = true;
        private boolean lmtp;
        private boolean refusePipeliningAfterData;
        private Duration idleTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /**
         * Sets the name the server gives in its greeting and EHLO reply.
         *
         * @param name the name
         * @return this builder
         */
        public Builder hostName(String name) {
            this.hostName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the SIZE the server advertises and enforces (RFC 1870): a larger message is
         * refused with 552.
         *
         * @param bytes the limit, at least 1
         * @return this builder
         */
        public Builder maxMessageSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxMessageSize must be positive, was " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * Accepts these credentials (a password, or an OAuth2 token for XOAUTH2) and refuses
         * others with 535; without any, every login is accepted.
         *
         * @param user the user name
         * @param secret the password or token
         * @return this builder
         */
        public Builder user(String user, String secret) {
            users.put(Objects.requireNonNull(user, "user"), Objects.requireNonNull(secret, "secret"));
            return this;
        }

        /**
         * Judges the OAuth2 tokens of XOAUTH2 and OAUTHBEARER logins with a check of the test's own
         * (e.g. a JWT's signature, expiry and audience against an authorization server's JWK set),
         * instead of comparing them with {@link #user}'s secrets. A refused token is answered as
         * Gmail and RFC 7628 do: a 334 error challenge with a JSON status, then, after the
         * client's answer, {@code 535 5.7.8}.
         *
         * @param check the check
         * @return this builder
         */
        public Builder tokenCheck(TokenCheck check) {
            this.tokenCheck = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * Starts the server with a send rate limit: see {@link SmtpTestServer#throttle(double)}.
         *
         * @param perSecond messages a second, 0 for none (the default)
         * @return this builder
         */
        public Builder throttle(double perSecond) {
            if (perSecond < 0) {
                throw new IllegalArgumentException("the rate must not be negative, was " + perSecond);
            }
            this.throttleRate = perSecond;
            return this;
        }

        /**
         * Sets the reply to a MAIL past the throttle: {@code 451 4.7.1} by default; Gmail answers
         * {@code 421 4.7.0}, Amazon SES {@code 454 Throttling failure}.
         *
         * @param reply the reply line, a 4xx
         * @return this builder
         */
        public Builder throttleReply(String reply) {
            if (reply == null || !reply.startsWith("4")) {
                throw new IllegalArgumentException("a throttle reply is a 4xx reply line, was " + reply);
            }
            this.throttleReply = reply;
            return this;
        }
        /**
         * Limits the connections open at once, as providers do: one past the limit is answered
         * {@code 421 4.7.0} at once and closed (counted in {@link SmtpTestServer#throttledCount()}).
         *
         * @param connections at least 1
         * @return this builder
         */
        public Builder connectionLimit(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("the connection limit must be at least 1, was " + connections);
            }
            this.connectionLimit = connections;
            return this;
        }

        /**
         * Limits the messages one connection carries, as providers do: the MAIL past them is
         * answered {@code 421 4.7.0} and the connection closed (counted in
         * {@link SmtpTestServer#throttledCount()}).
         *
         * @param messages at least 1
         * @return this builder
         */
        public Builder messagesPerConnection(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("messages per connection must be at least 1, was " + messages);
            }
            this.messagesPerConnection = messages;
            return this;
        }

        /**
         * Offers STARTTLS or not (on by default).
         *
         * @param offered whether to offer it
         * @return this builder
         */
        public Builder starttls(boolean offered) {
            this.starttls = offered;
            return this;
        }

        /**
         * Speaks implicit TLS (RFC 8314, port 465's way): the TLS handshake as soon as a client
         * connects, the greeting inside it, no STARTTLS. A client connects with
         * {@code TlsMode.IMPLICIT} (Spring Boot: {@code smtp.tls.mode=implicit}) and a trust for
         * {@link SmtpTestServer#trustStore()}. Off by default.
         *
         * @param implicit whether to speak TLS from the first byte
         * @return this builder
         */
        public Builder implicitTls(boolean implicit) {
            this.implicitTls = implicit;
            return this;
        }

        /**
         * Offers CHUNKING (BDAT, RFC 3030) or not (on by default, as Postfix does). A client
         * that sends by BDAT never sends DATA, so a cue at {@link Step#DATA} needs this off.
         *
         * @param offered whether to offer it
         * @return this builder
         */
        public Builder chunking(boolean offered) {
            this.chunking = offered;
            return this;
        }

        /**
         * Speaks LMTP (RFC 2033) instead of SMTP: LHLO instead of EHLO, and after the data one
         * reply per accepted recipient, each delivery stored as a message of its own for that
         * recipient. A cue at {@link Step#END_OF_DATA} naming a recipient replaces that
         * recipient's reply.
         *
         * @param lmtp whether to speak LMTP (off by default)
         * @return this builder
         */
        public Builder lmtp(boolean lmtp) {
            this.lmtp = lmtp;
            return this;
        }

        /**
         * Refuses, with {@code 503 5.5.0 Bad sequence of commands}, every command that arrives in
         * the same write as the end of a message's data, while still advertising PIPELINING: what
         * Haraka 3.3.4 does against SMTP smuggling. Off by default.
         *
         * @param refuse whether to refuse them
         * @return this builder
         */
        public Builder refusePipeliningAfterData(boolean refuse) {
            this.refusePipeliningAfterData = refuse;
            return this;
        }

        /**
         * Sets how long the server waits for a client's next command before it closes the
         * connection with 421 (60 s by default).
         *
         * @param timeout the wait
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive, was " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Builds the server, not started.
         *
         * @return the server
         */
        public SmtpTestServer build() {
            return new SmtpTestServer(this);
        }

        /**
         * Builds and starts the server.
         *
         * @return the running server
         */
        public SmtpTestServer start() {
            return build().start();
        }
    }
}
