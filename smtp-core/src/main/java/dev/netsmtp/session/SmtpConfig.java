package dev.netsmtp.session;

import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.event.Transcript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How to reach and talk to one SMTP server. Immutable and thread-safe; built with
 * {@link #builder()} and changed with {@link #toBuilder()}.
 *
 * <p>Defaults: port 25, HELO name {@code localhost} (as Net::SMTP), connect timeout 30 s, read
 * timeout 60 s, {@link RecipientPolicy#ALL_OR_NOTHING}. Timeouts are never infinite.
 *
 * <pre>{@code
 * SmtpConfig config = SmtpConfig.builder()
 *         .host("smtp.example.com")
 *         .port(25)
 *         .helo("app.example.com")
 *         .connectTimeout(Duration.ofSeconds(10))
 *         .readTimeout(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 */
public final class SmtpConfig {

    /** The default port, 25. */
    public static final int DEFAULT_PORT = 25;

    /** The default HELO name, {@code localhost}, as Net::SMTP. */
    public static final String DEFAULT_HELO = "localhost";

    /** The default connect timeout, 30 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** The default read timeout, 60 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private final String host;
    private final int port;
    private final String helo;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final RecipientPolicy recipientPolicy;
    private final List<SmtpListener> listeners;
    private final SmtpListener listener;

    private SmtpConfig(Builder b) {
        if (b.host == null || b.host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        this.host = b.host.trim();
        this.port = b.port;
        this.helo = b.helo;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.recipientPolicy = b.recipientPolicy;
        this.listeners = List.copyOf(b.listeners);
        this.listener = listeners.isEmpty() ? SmtpListener.NONE : SmtpListener.of(listeners);
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.helo = helo;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.recipientPolicy = recipientPolicy;
        b.listeners.addAll(listeners);
        return b;
    }

    /**
     * Returns the server's host name or address.
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * Returns the server's port.
     *
     * @return the port, 1 to 65535
     */
    public int port() {
        return port;
    }

    /**
     * Returns the name sent with EHLO or HELO.
     *
     * @return the HELO name
     */
    public String helo() {
        return helo;
    }

    /**
     * Returns how long the TCP connect may take.
     *
     * @return a positive duration
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns how long any one read from the server may block.
     *
     * @return a positive duration
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * Returns what to do when some recipients are refused.
     *
     * @return the policy
     */
    public RecipientPolicy recipientPolicy() {
        return recipientPolicy;
    }

    /**
     * Returns the listeners, in the order they were added.
     *
     * @return the listeners
     */
    public List<SmtpListener> listeners() {
        return listeners;
    }

    /** The listeners combined; what the session calls. */
    SmtpListener listener() {
        return listener;
    }

    /**
     * Returns the settings, never a secret.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        return "SmtpConfig[host=" + host + ", port=" + port + ", helo=" + helo + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", recipientPolicy=" + recipientPolicy + "]";
    }

    /** Builds an {@link SmtpConfig}; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private @Nullable String host;
        private int port = DEFAULT_PORT;
        private String helo = DEFAULT_HELO;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private RecipientPolicy recipientPolicy = RecipientPolicy.ALL_OR_NOTHING;
        private final List<SmtpListener> listeners = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the server's host name or address. Required.
         *
         * @param host the host
         * @return this builder
         */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * Sets the server's port.
         *
         * @param port 1 to 65535; 25 by default
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the name sent with EHLO or HELO: this machine's fully qualified domain name, or an
         * address literal such as {@code [192.0.2.1]} (RFC 5321 section 4.1.1.1).
         *
         * @param helo the name; {@code localhost} by default
         * @return this builder
         * @throws IllegalArgumentException when it has a space, a control character or angle brackets
         */
        public Builder helo(String helo) {
            this.helo = SmtpSyntax.checkHelo(helo);
            return this;
        }

        /**
         * Sets how long the TCP connect may take.
         *
         * @param timeout positive; 30 s by default
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * Sets how long any one read from the server may block before the session fails with a
         * timeout and is closed.
         *
         * @param timeout positive; 60 s by default
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive("readTimeout", timeout);
            return this;
        }

        /**
         * Sets what to do when some recipients are refused.
         *
         * @param policy {@link RecipientPolicy#ALL_OR_NOTHING} by default
         * @return this builder
         */
        public Builder recipientPolicy(RecipientPolicy policy) {
            this.recipientPolicy = policy;
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param listener hears the session's commands, replies and outcomes
         * @return this builder
         */
        public Builder listener(SmtpListener listener) {
            this.listeners.add(listener);
            return this;
        }

        /**
         * Adds a Net::SMTP-style debug transcript, with AUTH payloads redacted.
         *
         * @param out receives each line, e.g. {@code System.err::println}
         * @return this builder
         */
        public Builder transcript(Consumer<String> out) {
            return listener(Transcript.to(out));
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when no host was given
         */
        public SmtpConfig build() {
            return new SmtpConfig(this);
        }

        private static Duration positive(String name, Duration d) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive (timeouts are never infinite), was " + d);
            }
            return d;
        }
    }
}
