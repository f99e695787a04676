/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.tls.TlsMode;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code smtp.*} properties, bound once through the constructor and immutable after. Every
 * key has a description and a default in the generated configuration metadata (from the
 * {@code @param} tags and the {@code @DefaultValue}s here), so an IDE completes them.
 *
 * @param host SMTP server host. Setting it (or smtp.hosts) turns the auto-configuration on.
 * @param port SMTP server port. Defaults to 25, or 465 when smtp.tls.mode is implicit.
 * @param hosts Further servers as host:port, tried in order when the ones before refuse or time out.
 * @param helo Name sent with EHLO/HELO: this machine's fully qualified domain name.
 * @param recipientPolicy What to do when the server refuses some recipients of a message.
 * @param transcript Whether to log every command and reply (AUTH redacted) to the dev.netsmtp.transcript logger at DEBUG.
 * @param rateLimit Most messages per second the template sends; no limit when unset.
 * @param chunking Whether to send with BDAT (CHUNKING, RFC 3030) when the server offers it: one round trip per message; false goes back to DATA for a server whose CHUNKING is broken.
 * @param requireTls Whether every message asks REQUIRETLS (RFC 8689): sent only over verified TLS to a server that advertises it, or it fails before MAIL.
 * @param tls TLS: how the connection is protected.
 * @param ssl Trust material and certificate checks.
 * @param auth Credentials and the mechanism.
 * @param timeouts Time bounds.
 * @param pool The session pool.
 * @param retry Retries of transient failures.
 * @param javaMailSender The JavaMailSender on top of the template.
 * @param dkim DKIM signing of every message the templates send.
 * @param throttle An adaptive send rate that backs off when the server signals load.
 */
@ConfigurationProperties("smtp")
public record SmtpProperties(
        @Nullable String host,
        @Nullable Integer port,
        @DefaultValue List<String> hosts,
        @DefaultValue("localhost") String helo,
        @DefaultValue("all-or-nothing") RecipientPolicy recipientPolicy,
        @DefaultValue("false") boolean transcript,
        @Nullable Double rateLimit,
        @DefaultValue("true") boolean chunking,
        @DefaultValue("false") boolean requireTls,
        @DefaultValue Tls tls,
        @DefaultValue Ssl ssl,
        @DefaultValue Auth auth,
        @DefaultValue Timeouts timeouts,
        @DefaultValue Pool pool,
        @DefaultValue Retry retry,
        @DefaultValue JavaMail javaMailSender,
        @DefaultValue Dkim dkim,
        @DefaultValue Throttle throttle) {

    /**
     * Returns the failover hosts, as an unmodifiable list: the binder's own list never leaks.
     *
     * @return host:port entries, empty when none
     */
    @Override
    public List<String> hosts() {
        return List.copyOf(hosts);
    }

    /**
     * {@code smtp.tls.*}
     *
     * @param mode How the connection is protected: starttls (opportunistic, verified), starttls-required, implicit, or none for clear text. Unset: starttls-required (implicit on port 465) for a host that is not on loopback, starttls for localhost, *.localhost, 127.0.0.0/8 and ::1.
     */
    public record Tls(@Nullable TlsMode mode) {}

    /**
     * {@code smtp.ssl.*}
     *
     * @param bundle Name of a Spring SSL bundle (spring.ssl.bundle.*) used for implicit TLS and STARTTLS: its trust material, its key store (a client certificate), its options (enabled protocols, ciphers), and its reloads (new connections take the reloaded material).
     * @param verifyHostname Whether the server certificate must match the host name. Turning it off is insecure and logged.
     * @param verifyCertificate Whether the server certificate must be signed by a trusted authority and valid. Turning it off accepts any certificate (self-signed too), is insecure and logged; prefer smtp.ssl.bundle with the certificate.
     */
    public record Ssl(
            @Nullable String bundle,
            @DefaultValue("true") boolean verifyHostname,
            @DefaultValue("true") boolean verifyCertificate) {}

    /**
     * {@code smtp.throttle.*}
     *
     * @param enabled Whether the templates send at an adaptive rate: down by smtp.throttle.decrease when the server signals load (421; 450, 451, 452 with 4.7.x, 4.3.2 or 4.4.5; 454; connections refused or reset at the greeting), up by smtp.throttle.increase-per-second each second of success.
     * @param initialRate Messages a second to start with.
     * @param minRate The floor of the rate.
     * @param maxRate The ceiling of the rate.
     * @param decrease Factor a load signal multiplies the rate by (at most once per quarter second), between 0 and 1.
     * @param increasePerSecond How much the rate climbs each second of success.
     * @param preset A provider's documented limits instead of the rates above: microsoft-365 (30 messages a minute per mailbox, 3 connections), amazon-ses-sandbox (1 a second) or google-workspace-relay (532 a second). Turns throttling on.
     * @param maxConnections Connections the server takes at once: the pool keeps at most this many open (smtp.pool.max-total is lowered to it). Unset: the preset's, or none.
     * @param maxMessagesPerConnection Messages the server takes on one connection: the pool opens a new connection after this many (smtp.pool.max-messages-per-session is lowered to it). Unset: the preset's, or none.
     */
    public record Throttle(
            @Nullable String preset,
            @Nullable Integer maxConnections,
            @Nullable Integer maxMessagesPerConnection,
            @DefaultValue("false") boolean enabled,
            @DefaultValue("50") double initialRate,
            @DefaultValue("0.1") double minRate,
            @DefaultValue("1000") double maxRate,
            @DefaultValue("0.7") double decrease,
            @DefaultValue("2.5") double increasePerSecond) {}

    /**
     * {@code smtp.dkim.*}
     *
     * @param domain Signing domain (d=): setting it turns DKIM signing on. The public key is published at SELECTOR._domainkey.DOMAIN.
     * @param selector Selector (s=) of the DNS record holding the public key.
     * @param privateKey Location of the PKCS#8 PEM private key (RSA 1024 to 4096 bits, or Ed25519): file:/path/key.pem or classpath:key.pem.
     * @param keyBundle Name of a PEM SSL bundle (spring.ssl.bundle.pem.NAME.keystore.private-key) holding the private key, instead of smtp.dkim.private-key.
     * @param algorithm rsa-sha256 or ed25519-sha256; checked against the key. Unset: the key's.
     * @param headers Headers to sign (h=), From among them; each is signed when the message has it. Unset: From (over-signed), To, Cc, Subject, Date, Message-ID, MIME-Version, Content-Type, Content-Transfer-Encoding, Reply-To, In-Reply-To, References, List-Unsubscribe, List-Unsubscribe-Post.
     * @param canonicalization Header and body canonicalization (c=): relaxed/relaxed, relaxed/simple, simple/relaxed or simple/simple.
     * @param expiry How long a signature is valid (x=); none when unset.
     */
    public record Dkim(
            @Nullable String domain,
            @Nullable String selector,
            @Nullable String privateKey,
            @Nullable String keyBundle,
            @Nullable String algorithm,
            @DefaultValue List<String> headers,
            @DefaultValue("relaxed/relaxed") String canonicalization,
            @Nullable Duration expiry) {

        /**
         * Returns the headers, as an unmodifiable list.
         *
         * @return the header names, empty for the default
         */
        @Override
        public List<String> headers() {
            return List.copyOf(headers);
        }
    }

    /**
     * {@code smtp.auth.*}
     *
     * @param username User name for SMTP AUTH; no authentication when unset.
     * @param password Password for SMTP AUTH.
     * @param mechanism AUTH mechanism: scram-sha-256, scram-sha-256-plus, scram-sha-1, scram-sha-1-plus, plain, login, cram-md5, oauthbearer or xoauth2; the strongest both sides offer when unset.
     * @param oauth2Token A static OAuth2 access token, sent with OAUTHBEARER when offered, else XOAUTH2: for tests; smtp.auth.oauth2.registration-id gets and renews tokens.
     * @param oauth2 OAuth2 tokens got and renewed unattended through Spring Security.
     * @param allowWithoutTls Whether credentials may be sent over a connection without TLS.
     */
    public record Auth(
            @Nullable String username,
            @Nullable String password,
            @Nullable String mechanism,
            @Nullable String oauth2Token,
            @DefaultValue OAuth2 oauth2,
            @DefaultValue("false") boolean allowWithoutTls) {

        /** Never shows the password or the token. */
        @Override
        public String toString() {
            return "Auth[username=" + username + ", password=" + (password == null ? "none" : "***") + ", mechanism="
                    + mechanism + ", oauth2Token=" + (oauth2Token == null ? "none" : "***") + ", oauth2=" + oauth2
                    + ", allowWithoutTls=" + allowWithoutTls + "]";
        }
    }

    /**
     * {@code smtp.auth.oauth2.*}
     *
     * @param registrationId Name of a Spring Security OAuth2 client registration (spring.security.oauth2.client.registration.NAME) whose tokens log in with XOAUTH2 or OAUTHBEARER: client_credentials (Microsoft 365), or a registration whose refresh token Spring Security holds (Gmail). Needs spring-boot-starter-security-oauth2-client.
     * @param principalName Name under which Spring Security keeps the authorized client (its refresh token). Defaults to smtp.auth.username.
     * @param refreshToken Refresh token to start from when Spring Security holds none yet for the registration and principal; a rotated one is kept in Spring Security's OAuth2AuthorizedClientService from then on.
     * @param refreshMargin How long before a token expires a new one is got (at most a tenth of the token's lifetime).
     * @param timeout Bound on each request to the authorization server's token endpoint (connect and answer).
     */
    public record OAuth2(
            @Nullable String registrationId,
            @Nullable String principalName,
            @Nullable String refreshToken,
            @DefaultValue("1m") Duration refreshMargin,
            @DefaultValue("30s") Duration timeout) {

        /** Never shows the refresh token. */
        @Override
        public String toString() {
            return "OAuth2[registrationId=" + registrationId + ", principalName=" + principalName + ", refreshToken="
                    + (refreshToken == null ? "none" : "***") + ", refreshMargin=" + refreshMargin + ", timeout="
                    + timeout
                    + "]";
        }
    }

    /**
     * {@code smtp.timeouts.*}
     *
     * @param connect How long the DNS lookup may take, and then the TCP connect to each address.
     * @param read How long one reply may take to arrive whole (and the TLS handshake to finish).
     * @param write How long each write of at most 64 KiB may block while the server does not read.
     * @param finalReply How long the reply to the end of data may take (RFC 5321 4.5.3.2.6); then the outcome is uncertain.
     * @param send Bound on one whole send through the template, from borrowing a session to the final reply, retries included.
     */
    public record Timeouts(
            @DefaultValue("30s") Duration connect,
            @DefaultValue("60s") Duration read,
            @DefaultValue("60s") Duration write,
            @DefaultValue("10m") Duration finalReply,
            @DefaultValue("2m") Duration send) {}

    /**
     * {@code smtp.pool.*}
     *
     * @param maxTotal Most sessions open at once.
     * @param maxIdle Most idle sessions kept. Defaults to smtp.pool.max-total.
     * @param minIdle Fewest idle sessions kept open.
     * @param maxWait How long a send waits for a free session before failing.
     * @param maxMessagesPerSession Messages a session carries before it is closed; a server with a lower cap replies 421, which the template retries on a fresh connection.
     * @param maxLifetime How old a session may get before it is closed.
     * @param idleValidationAfter Idle time after which a session is checked with NOOP before reuse.
     * @param idleTimeout Idle time after which a session is closed with QUIT.
     * @param evictionInterval How often idle sessions are checked for closing.
     * @param closeTimeout Bound on closing the pool with the application: QUIT to every idle session (in parallel) and waiting for lent ones.
     */
    public record Pool(
            @DefaultValue("8") int maxTotal,
            @Nullable Integer maxIdle,
            @DefaultValue("0") int minIdle,
            @DefaultValue("30s") Duration maxWait,
            @DefaultValue("1000") int maxMessagesPerSession,
            @DefaultValue("10m") Duration maxLifetime,
            @DefaultValue("10s") Duration idleValidationAfter,
            @DefaultValue("60s") Duration idleTimeout,
            @DefaultValue("15s") Duration evictionInterval,
            @DefaultValue("10s") Duration closeTimeout) {}

    /**
     * {@code smtp.retry.*}
     *
     * @param maxAttempts Attempts in all for one message; 1 turns retries off.
     * @param initialDelay Wait before the second attempt.
     * @param multiplier Factor by which each wait grows.
     * @param maxDelay Longest wait between attempts.
     */
    public record Retry(
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("200ms") Duration initialDelay,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("5s") Duration maxDelay) {}

    /**
     * {@code smtp.java-mail-sender.*}
     *
     * @param enabled Whether to offer netsmtp as Spring's JavaMailSender (when spring-context-support and Jakarta Mail are present and the application defines no MailSender).
     * @param envelopeFrom Reverse path (MAIL FROM) for every message sent through the JavaMailSender, as Jakarta Mail's mail.smtp.from; by default each message's Sender, else its first From.
     */
    public record JavaMail(@DefaultValue("true") boolean enabled, @Nullable String envelopeFrom) {}
}
