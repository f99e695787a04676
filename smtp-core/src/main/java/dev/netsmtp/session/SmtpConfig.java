/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
// One piece past ~400 lines: an immutable value and its builder, which is the reference of every
// per-server setting (each setter's javadoc states its default, bound and RFC); Boot's mapper and
// the property table of docs/spring-boot.md read from it. Splitting the builder out would change the public type
// SmtpConfig.Builder without giving either half a role of its own.
package dev.netsmtp.session;

import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.auth.AuthMechanism;
import dev.netsmtp.auth.Credentials;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.event.Transcript;
import dev.netsmtp.tls.TlsMode;
import dev.netsmtp.tls.TlsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * How to reach and talk to one SMTP server. Immutable and thread-safe; built with
 * {@link #builder()} and changed with {@link #toBuilder()}.
 *
 * <p>Defaults: port 25 (465 with {@link TlsMode#IMPLICIT}), HELO name {@code localhost} (as
 * Net::SMTP), connect timeout 30 s, read timeout 60 s, write timeout 60 s, final reply timeout
 * 10 min, {@link RecipientPolicy#ALL_OR_NOTHING}, no AUTH, and TLS required off loopback
 * ({@link Builder#tls}: {@code STARTTLS_REQUIRED}, or {@code IMPLICIT} on port 465; opportunistic
 * STARTTLS for a loopback host). Timeouts are never infinite. Credentials are never sent over a connection without
 * TLS unless {@link Builder#allowAuthWithoutTls(boolean)} says so, and {@link #toString()} never
 * shows them.
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

    /** The default port with implicit TLS, 465 (RFC 8314). */
    public static final int DEFAULT_IMPLICIT_TLS_PORT = 465;

    /** The default LMTP port, 24 (RFC 2033 leaves it to the site; IANA lists 24 for private mail). */
    public static final int DEFAULT_LMTP_PORT = 24;

    /** The default HELO name, {@code localhost}, as Net::SMTP. */
    public static final String DEFAULT_HELO = "localhost";

    /** The default connect timeout, 30 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** The default read timeout, 60 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    /**
     * The default write timeout, 60 seconds. RFC 5321 section 4.5.3.2.5 asks for 3 minutes per
     * TCP send of data; through {@code SmtpTemplate} the send timeout (2 minutes) caps every write
     * anyway, so the default follows the read timeout instead: a server that takes none of 64 KiB
     * in a minute is not reading.
     */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * The default wait for the reply to the end of data, 10 minutes, as RFC 5321 section
     * 4.5.3.2.6 asks: the server may be filtering the message, and giving up early turns a
     * delivered message into an uncertain one.
     */
    public static final Duration DEFAULT_FINAL_REPLY_TIMEOUT = Duration.ofMinutes(10);

    private final String host;
    private final int port;
    private final String helo;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final Duration finalReplyTimeout;
    private final HostResolver resolver;
    private final RecipientPolicy recipientPolicy;
    private final List<SmtpListener> listeners;
    private final SmtpListener listener;
    private final TlsSettings tls;
    private final boolean tlsModeSet;
    private final @Nullable Credentials credentials;
    private final @Nullable AuthMechanism authMechanism;
    private final boolean allowAuthWithoutTls;
    private final int scramMaxIterations;
    private final SettingNames settingNames;
    private final boolean lmtp;
    private final boolean chunking;

    /**
     * A host name as DNS and SNI take it: a Unicode name in its IDNA2008 A-label form
     * ({@link SmtpSyntax#asciiDomain}); an ASCII name or an address as it is.
     */
    private static String asciiHost(String what, String host) {
        if (SmtpSyntax.isAscii(host)) {
            return SmtpSyntax.checkHelo(host);
        }
        try {
            return SmtpSyntax.asciiDomain(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * The TLS mode when none was set: required off loopback (implicit on 465), opportunistic on
     * loopback, judged on the configured name.
     */
    static TlsMode defaultTlsMode(String host, int port) {
        if (isLoopback(host)) {
            return TlsMode.STARTTLS;
        }
        return port == DEFAULT_IMPLICIT_TLS_PORT ? TlsMode.IMPLICIT : TlsMode.STARTTLS_REQUIRED;
    }

    /** localhost and *.localhost (RFC 6761 section 6.3), 127.0.0.0/8, and ::1 in its spellings. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("localhost.")) {
            return true;
        }
        boolean literal = h.indexOf(':') >= 0 || h.matches("[0-9.]+");
        if (!literal) {
            return false;
        }
        try {
            // An address literal: parsed, never looked up.
            return java.net.InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private SmtpConfig(Builder b) {
        if (b.host == null || b.host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        this.host = asciiHost("host", b.host.trim());
        this.lmtp = b.lmtp;
        this.chunking = b.chunking;
        this.port = b.port != null
                ? b.port
                : b.lmtp ? DEFAULT_LMTP_PORT : b.tlsMode == TlsMode.IMPLICIT ? DEFAULT_IMPLICIT_TLS_PORT : DEFAULT_PORT;
        this.tlsModeSet = b.tlsMode != null;
        TlsMode mode = b.tlsMode != null ? b.tlsMode : defaultTlsMode(host, port);
        this.tls = new TlsSettings(
                mode,
                b.sslContext,
                b.tlsHostname,
                b.tlsVerifyHostname,
                b.tlsVerifyCertificate,
                b.keyManagers,
                b.tlsProtocols,
                b.tlsCipherSuites);
        this.credentials = b.credentials;
        this.authMechanism = b.authMechanism;
        this.allowAuthWithoutTls = b.allowAuthWithoutTls;
        this.scramMaxIterations = b.scramMaxIterations;
        this.settingNames = b.settingNames;
        if (credentials != null && mode == TlsMode.NONE && !allowAuthWithoutTls) {
            SettingNames n = b.settingNames;
            throw new IllegalArgumentException("credentials are configured with TLS mode NONE, so they would be "
                    + "sent in clear text; set " + n.name(SettingNames.Setting.TLS_MODE, "STARTTLS_REQUIRED") + " or "
                    + n.name(SettingNames.Setting.TLS_MODE, "IMPLICIT") + ", or "
                    + n.name(SettingNames.Setting.ALLOW_AUTH_WITHOUT_TLS, "true") + " if you accept that");
        }
        if (authMechanism != null && credentials != null && !authMechanism.accepts(credentials)) {
            throw new IllegalArgumentException("AUTH mechanism " + authMechanism.name() + " cannot use " + credentials);
        }
        this.helo = b.helo;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.writeTimeout = b.writeTimeout;
        this.finalReplyTimeout = b.finalReplyTimeout;
        this.resolver = b.resolver;
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
        b.writeTimeout = writeTimeout;
        b.finalReplyTimeout = finalReplyTimeout;
        b.resolver = resolver;
        b.recipientPolicy = recipientPolicy;
        b.listeners.addAll(listeners);
        b.tlsMode = tlsModeSet ? tls.mode() : null;
        b.sslContext = tls.sslContext();
        b.tlsHostname = tls.hostname();
        b.tlsVerifyHostname = tls.verifyHostname();
        b.tlsVerifyCertificate = tls.verifyCertificate();
        b.keyManagers = tls.keyManagers();
        b.tlsProtocols = tls.protocols();
        b.tlsCipherSuites = tls.cipherSuites();
        b.credentials = credentials;
        b.authMechanism = authMechanism;
        b.allowAuthWithoutTls = allowAuthWithoutTls;
        b.scramMaxIterations = scramMaxIterations;
        b.settingNames = settingNames;
        b.lmtp = lmtp;
        b.chunking = chunking;
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
     * Returns how long one reply may take to arrive whole, however the server splits it; it also
     * bounds the TLS handshake.
     *
     * @return a positive duration
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * Returns how long each write of at most 64 KiB to the server may block.
     *
     * @return a positive duration
     */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /**
     * Returns how long the reply to the end of data may take.
     *
     * @return a positive duration
     */
    public Duration finalReplyTimeout() {
        return finalReplyTimeout;
    }

    /**
     * Returns how the host name is resolved.
     *
     * @return the resolver; {@link HostResolver#SYSTEM} unless set
     */
    public HostResolver resolver() {
        return resolver;
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

    /**
     * Returns the TLS settings.
     *
     * @return the mode, context, peer name and verification flag
     */
    public TlsSettings tls() {
        return tls;
    }

    /**
     * Returns the AUTH credentials.
     *
     * @return the credentials, or empty when the session does not authenticate
     */
    public Optional<Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /**
     * Returns the AUTH mechanism named in the configuration.
     *
     * @return the mechanism, or empty to choose the strongest both sides support
     */
    public Optional<AuthMechanism> authMechanism() {
        return Optional.ofNullable(authMechanism);
    }

    /**
     * Tells whether credentials may be sent over a connection without TLS.
     *
     * @return false by default
     */
    public boolean allowAuthWithoutTls() {
        return allowAuthWithoutTls;
    }

    /**
     * Returns the most SCRAM iterations a login computes.
     *
     * @return the bound
     */
    public int scramMaxIterations() {
        return scramMaxIterations;
    }

    /**
     * Returns how error messages and warnings name the settings they advise changing.
     *
     * @return {@link SettingNames#BUILDER} unless set
     */
    public SettingNames settingNames() {
        return settingNames;
    }

    /**
     * Tells whether BDAT is used when the server offers CHUNKING.
     *
     * @return true by default
     */
    public boolean chunking() {
        return chunking;
    }

    /**
     * Tells whether the session speaks LMTP (RFC 2033).
     *
     * @return false by default
     */
    public boolean lmtp() {
        return lmtp;
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
                + ", readTimeout=" + readTimeout + ", writeTimeout=" + writeTimeout + ", finalReplyTimeout="
                + finalReplyTimeout + ", recipientPolicy=" + recipientPolicy + ", tls=" + tls + ", auth="
                + (credentials == null ? "none" : credentials)
                + (authMechanism == null ? "" : " " + authMechanism.name())
                + ", allowAuthWithoutTls=" + allowAuthWithoutTls + (lmtp ? ", lmtp" : "")
                + (chunking ? "" : ", no chunking") + "]";
    }

    /** Builds an {@link SmtpConfig}; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private @Nullable String host;
        private @Nullable Integer port;
        private String helo = DEFAULT_HELO;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
        private Duration finalReplyTimeout = DEFAULT_FINAL_REPLY_TIMEOUT;
        private HostResolver resolver = HostResolver.SYSTEM;
        private RecipientPolicy recipientPolicy = RecipientPolicy.ALL_OR_NOTHING;
        private final List<SmtpListener> listeners = new ArrayList<>();
        private @Nullable TlsMode tlsMode;
        private List<javax.net.ssl.KeyManager> keyManagers = List.of();
        private @Nullable SSLContext sslContext;
        private List<String> tlsProtocols = List.of();
        private List<String> tlsCipherSuites = List.of();
        private @Nullable String tlsHostname;
        private boolean tlsVerifyHostname = true;
        private boolean tlsVerifyCertificate = true;
        private @Nullable Credentials credentials;
        private @Nullable AuthMechanism authMechanism;
        private boolean allowAuthWithoutTls;
        private int scramMaxIterations = dev.netsmtp.auth.SaslContext.DEFAULT_MAX_SCRAM_ITERATIONS;
        private SettingNames settingNames = SettingNames.BUILDER;
        private boolean lmtp;
        private boolean chunking = true;

        private Builder() {}

        /**
         * Uses BDAT (CHUNKING, RFC 3030) when the server offers it with PIPELINING and the
         * message's size is known (byte and String messages): MAIL, RCPT and {@code BDAT n LAST}
         * with the message go in one write, one round trip per message. {@code false} goes back to
         * DATA for this host, for a server whose CHUNKING is broken.
         *
         * @param chunking true by default
         * @return this builder
         */
        public Builder chunking(boolean chunking) {
            this.chunking = chunking;
            return this;
        }

        /**
         * Speaks LMTP (RFC 2033) instead of SMTP, to a local delivery agent (Dovecot, Cyrus):
         * LHLO instead of EHLO, and after the data one reply per accepted recipient, each in the
         * {@link dev.netsmtp.SendResult}: a recipient whose mailbox refused the message is among
         * the rejected, with its own reply, while the others are delivered. The default port
         * becomes 24.
         *
         * @param lmtp false by default
         * @return this builder
         */
        public Builder lmtp(boolean lmtp) {
            this.lmtp = lmtp;
            return this;
        }

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
         * @param port 1 to 65535; 25 by default, 465 with implicit TLS
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
         * Sets how long the DNS lookup may take, and then the TCP connect to each address.
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
         * Sets how long one reply (the greeting, each EHLO, MAIL, RCPT or DATA reply) may take to
         * arrive whole, and the TLS handshake to finish, before the session fails with a timeout
         * and is closed. A reply dripped a byte at a time does not get the timeout again per byte.
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
         * Sets how long each write of at most 64 KiB may block while the server does not read,
         * before the socket is closed and the send fails with a timeout.
         *
         * @param timeout positive; 60 s by default ({@link #DEFAULT_WRITE_TIMEOUT} says why)
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = positive("writeTimeout", timeout);
            return this;
        }

        /**
         * Sets how long the reply to the end of data may take; when it passes, the outcome is
         * {@link dev.netsmtp.SmtpDeliveryUncertainException}.
         *
         * @param timeout positive; 10 minutes by default (RFC 5321 section 4.5.3.2.6)
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder finalReplyTimeout(Duration timeout) {
            this.finalReplyTimeout = positive("finalReplyTimeout", timeout);
            return this;
        }

        /**
         * Sets how the host name is resolved.
         *
         * @param resolver {@link HostResolver#SYSTEM} by default
         * @return this builder
         */
        public Builder resolver(HostResolver resolver) {
            this.resolver = resolver;
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
         * Sets how the connection is protected. Unset, it follows the server: a host that is not
         * on loopback gets {@code STARTTLS_REQUIRED} ({@code IMPLICIT} on port 465), so nothing
         * goes in clear text to a server whose STARTTLS an attacker on the path stripped; a
         * loopback host ({@code localhost}, {@code *.localhost}, 127.0.0.0/8, ::1, judged on the
         * name as configured, never on what it resolves to) gets opportunistic {@code STARTTLS},
         * so local relays and test servers without TLS keep working.
         *
         * @param mode {@code STARTTLS} (with both certificate checks when the server offers it,
         *     else clear text, as Net::SMTP's default), {@code STARTTLS_REQUIRED} for port 587,
         *     {@code IMPLICIT} for 465, {@code NONE} for clear text by name
         * @return this builder
         */
        public Builder tls(TlsMode mode) {
            this.tlsMode = mode;
            return this;
        }

        /**
         * Sets the TLS context, for a private CA or a self-signed certificate (see
         * {@link TlsSettings#trusting(java.security.KeyStore)}) or a client certificate.
         *
         * @param context the context; the JDK default when not set
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * Narrows the TLS protocols offered, as a Spring SSL bundle's {@code options.enabled-protocols}
         * does. TLS 1.2 is the floor whatever is given.
         *
         * @param protocols e.g. {@code TLSv1.3}; none for TLS 1.3 and 1.2, the default
         * @return this builder
         * @throws IllegalArgumentException for a protocol older than TLS 1.2
         */
        public Builder tlsProtocols(String... protocols) {
            this.tlsProtocols = TlsSettings.atLeastTls12(List.of(protocols));
            return this;
        }

        /**
         * Narrows the TLS cipher suites offered, as a Spring SSL bundle's {@code options.ciphers}
         * does; suites the JDK does not support are left out.
         *
         * @param cipherSuites e.g. {@code TLS_AES_256_GCM_SHA384}; none for the JDK's defaults
         * @return this builder
         */
        public Builder tlsCipherSuites(String... cipherSuites) {
            this.tlsCipherSuites = List.of(cipherSuites);
            return this;
        }

        /**
         * Sets the name to verify the certificate against and send in SNI, when it differs from
         * the host (connecting by address, or through a tunnel).
         *
         * @param hostname the server's certificate name
         * @return this builder
         */
        public Builder tlsHostname(String hostname) {
            this.tlsHostname = asciiHost("tlsHostname", hostname);
            return this;
        }

        /**
         * Turns both checks of the server's certificate off or on, as Net::SMTP's
         * {@code tls_verify}: {@link #tlsVerifyCertificate} and {@link #tlsVerifyHostname}
         * together. Off encrypts without authenticating the server (anyone on the path can pose
         * as it), and is announced on every connection.
         *
         * @param verify true by default
         * @return this builder
         */
        public Builder tlsVerify(boolean verify) {
            this.tlsVerifyCertificate = verify;
            this.tlsVerifyHostname = verify;
            return this;
        }

        /**
         * Turns certificate verification off or on: whether the server's certificate must be
         * signed by a trusted authority and be valid. Off accepts any certificate, a self-signed
         * one included (prefer {@link #sslContext} with {@link TlsSettings#trusting} to trust one
         * certificate); it logs a warning and a transcript notice on every connection.
         *
         * @param verify true by default
         * @return this builder
         */
        public Builder tlsVerifyCertificate(boolean verify) {
            this.tlsVerifyCertificate = verify;
            return this;
        }

        /**
         * Turns host name verification off or on: whether the certificate must name the server
         * (the host, or {@link #tlsHostname}). Off accepts a trusted certificate issued for any
         * name; it logs a warning and a transcript notice on every connection.
         *
         * @param verify true by default
         * @return this builder
         */
        public Builder tlsVerifyHostname(boolean verify) {
            this.tlsVerifyHostname = verify;
            return this;
        }

        /**
         * Authenticates with a password, choosing the strongest mechanism both sides support.
         *
         * @param username the user name
         * @param password the password
         * @return this builder
         */
        public Builder auth(String username, String password) {
            this.credentials = Credentials.password(username, password);
            this.authMechanism = null;
            return this;
        }

        /**
         * Authenticates with a password and a named mechanism.
         *
         * @param username the user name
         * @param password the password
         * @param mechanism e.g. {@link AuthMechanism#PLAIN}, or one of your own
         * @return this builder
         */
        public Builder auth(String username, String password, AuthMechanism mechanism) {
            this.credentials = Credentials.password(username, password);
            this.authMechanism = mechanism;
            return this;
        }

        /**
         * Authenticates with an OAuth2 bearer token: OAUTHBEARER (RFC 7628) when the server offers
         * it, else XOAUTH2 (Microsoft 365 offers only that). The supplier is asked for a token on
         * every connection, so it can refresh an expired one.
         *
         * @param username the mailbox
         * @param token supplies the current access token
         * @return this builder
         */
        public Builder oauth2(String username, Supplier<String> token) {
            this.credentials = Credentials.oauth2(username, token);
            this.authMechanism = null;
            return this;
        }

        /**
         * Authenticates with an OAuth2 bearer token and a named mechanism.
         *
         * @param username the mailbox
         * @param token supplies the current access token
         * @param mechanism {@link AuthMechanism#OAUTHBEARER}, {@link AuthMechanism#XOAUTH2} or one
         *     of the caller's own that takes a token
         * @return this builder
         * @throws IllegalArgumentException when the mechanism does not take a token
         */
        public Builder oauth2(String username, Supplier<String> token, AuthMechanism mechanism) {
            return tokenLogin(Credentials.oauth2(username, token), mechanism);
        }

        private Builder tokenLogin(Credentials c, AuthMechanism mechanism) {
            if (!mechanism.accepts(c)) {
                throw new IllegalArgumentException("AUTH " + mechanism.name() + " does not take an OAuth2 token");
            }
            this.credentials = c;
            this.authMechanism = mechanism;
            return this;
        }

        /**
         * Authenticates with OAuth2 tokens from a source (OAUTHBEARER when the server offers it,
         * else XOAUTH2): asked at every login, told when a server refuses a token, after which the
         * login goes once more with a new token on a new connection.
         *
         * @param username the mailbox
         * @param source the token source, e.g. a {@link dev.netsmtp.auth.oauth2.ClientCredentialsGrant}
         * @return this builder
         */
        public Builder oauth2(String username, dev.netsmtp.auth.TokenSource source) {
            this.credentials = Credentials.oauth2(username, source);
            this.authMechanism = null;
            return this;
        }

        /**
         * Authenticates with OAuth2 tokens from a source and a named mechanism.
         *
         * @param username the mailbox
         * @param source the token source
         * @param mechanism {@link AuthMechanism#OAUTHBEARER}, {@link AuthMechanism#XOAUTH2} or one
         *     of the caller's own that takes a token
         * @return this builder
         * @throws IllegalArgumentException when the mechanism does not take a token
         */
        public Builder oauth2(String username, dev.netsmtp.auth.TokenSource source, AuthMechanism mechanism) {
            return tokenLogin(Credentials.oauth2(username, source), mechanism);
        }

        /**
         * Allows credentials over a connection without TLS (a local relay, a test server).
         *
         * @param allow false by default
         * @return this builder
         */
        public Builder allowAuthWithoutTls(boolean allow) {
            this.allowAuthWithoutTls = allow;
            return this;
        }

        /**
         * Presents a client certificate (mutual TLS) from these key managers: with the JDK's
         * default trust when no {@link #sslContext} is given, and whatever the trust when
         * certificate verification is off ({@link #tlsVerifyCertificate}), which replaces the
         * context and cannot take its key managers along (the JDK never hands them back). With an
         * {@code sslContext} and verification on, the context's own key managers are used.
         *
         * @param managers from a {@link javax.net.ssl.KeyManagerFactory}, say
         * @return this builder
         */
        public Builder clientCertificate(javax.net.ssl.KeyManager... managers) {
            this.keyManagers = List.of(managers);
            return this;
        }

        /**
         * Bounds the iteration count a SCRAM login computes (RFC 7677 leaves the upper bound to
         * policy): a server asking for more is refused before any is computed, so a hostile or
         * misconfigured server cannot hold the sending thread (2^31-1 iterations take about an
         * hour). The computation also stops at the session's time limit and on an interrupt.
         *
         * @param max at least 4096 (RFC 7677's minimum); 100,000 by default, 25 times the
         *     4096 that Dovecot and Cyrus SASL use
         * @return this builder
         * @throws IllegalArgumentException when below 4096
         */
        public Builder scramMaxIterations(int max) {
            if (max < 4096) {
                throw new IllegalArgumentException("scramMaxIterations must be at least 4096 (RFC 7677), was " + max);
            }
            this.scramMaxIterations = max;
            return this;
        }

        /**
         * Sets how error messages and warnings name the settings they advise changing, for an
         * integration that builds this configuration from properties of its own (netsmtp's Spring
         * Boot starter names its {@code smtp.*} keys). Set it before {@link #build()}, which may
         * itself refuse a combination and say what to change.
         *
         * @param names {@link SettingNames#BUILDER} by default
         * @return this builder
         */
        public Builder settingNames(SettingNames names) {
            this.settingNames = java.util.Objects.requireNonNull(names, "settingNames");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when no host was given, or credentials would go out in
         *     clear text without {@link #allowAuthWithoutTls(boolean)}
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
