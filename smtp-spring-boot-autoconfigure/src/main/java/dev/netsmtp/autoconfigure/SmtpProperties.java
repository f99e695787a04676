package dev.netsmtp.autoconfigure;

import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.tls.TlsMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code smtp.*} properties. Every key has a description and a default in the generated
 * configuration metadata, so an IDE completes them.
 */
@ConfigurationProperties("smtp")
public class SmtpProperties {

    /** SMTP server host. Setting it (or smtp.hosts) turns the auto-configuration on. */
    private @Nullable String host;

    /** SMTP server port. Defaults to 25, or 465 when smtp.tls.mode is implicit. */
    private @Nullable Integer port;

    /** Further servers as host:port, tried in order when the ones before refuse or time out. */
    private List<String> hosts = new ArrayList<>();

    /** Name sent with EHLO/HELO: this machine's fully qualified domain name. */
    private String helo = "localhost";

    /** What to do when the server refuses some recipients of a message. */
    private RecipientPolicy recipientPolicy = RecipientPolicy.ALL_OR_NOTHING;

    /** Whether to log every command and reply (AUTH redacted) to the dev.netsmtp.transcript logger at DEBUG. */
    private boolean transcript;

    /** Most messages per second the template sends; no limit when unset. */
    private @Nullable Double rateLimit;

    /** Whether to send with BDAT (CHUNKING, RFC 3030) when the server offers it: one round trip per message; false goes back to DATA for a server whose CHUNKING is broken. */
    private boolean chunking = true;

    /** Whether every message asks REQUIRETLS (RFC 8689): sent only over verified TLS to a server that advertises it, or it fails before MAIL. */
    private boolean requireTls;

    private final Tls tls = new Tls();

    private final Ssl ssl = new Ssl();

    private final Auth auth = new Auth();

    private final Timeouts timeouts = new Timeouts();

    private final Pool pool = new Pool();

    private final Retry retry = new Retry();

    private final JavaMail javaMailSender = new JavaMail();

    /**
     * Returns the host.
     *
     * @return the host, or null
     */
    public @Nullable String getHost() {
        return host;
    }

    /**
     * Sets the host.
     *
     * @param host the host
     */
    public void setHost(@Nullable String host) {
        this.host = host;
    }

    /**
     * Returns the port.
     *
     * @return the port, or null for the default
     */
    public @Nullable Integer getPort() {
        return port;
    }

    /**
     * Sets the port.
     *
     * @param port the port
     */
    public void setPort(@Nullable Integer port) {
        this.port = port;
    }

    /**
     * Returns the failover hosts.
     *
     * @return host:port entries
     */
    public List<String> getHosts() {
        return hosts;
    }

    /**
     * Sets the failover hosts.
     *
     * @param hosts host:port entries
     */
    public void setHosts(List<String> hosts) {
        this.hosts = hosts;
    }

    /**
     * Returns the HELO name.
     *
     * @return the name
     */
    public String getHelo() {
        return helo;
    }

    /**
     * Sets the HELO name.
     *
     * @param helo the name
     */
    public void setHelo(String helo) {
        this.helo = helo;
    }

    /**
     * Returns the recipient policy.
     *
     * @return the policy
     */
    public RecipientPolicy getRecipientPolicy() {
        return recipientPolicy;
    }

    /**
     * Sets the recipient policy.
     *
     * @param recipientPolicy the policy
     */
    public void setRecipientPolicy(RecipientPolicy recipientPolicy) {
        this.recipientPolicy = recipientPolicy;
    }

    /**
     * Tells whether the transcript is on.
     *
     * @return true when on
     */
    public boolean isTranscript() {
        return transcript;
    }

    /**
     * Turns the transcript on or off.
     *
     * @param transcript true for on
     */
    public void setTranscript(boolean transcript) {
        this.transcript = transcript;
    }

    /**
     * Returns the rate limit.
     *
     * @return messages per second, or null
     */
    public @Nullable Double getRateLimit() {
        return rateLimit;
    }

    /**
     * Sets the rate limit.
     *
     * @param rateLimit messages per second
     */
    public void setRateLimit(@Nullable Double rateLimit) {
        this.rateLimit = rateLimit;
    }

    /**
     * Returns the TLS settings.
     *
     * @return smtp.tls
     */
    public Tls getTls() {
        return tls;
    }

    /**
     * Returns the SSL bundle settings.
     *
     * @return smtp.ssl
     */
    public Ssl getSsl() {
        return ssl;
    }

    /**
     * Returns the AUTH settings.
     *
     * @return smtp.auth
     */
    public Auth getAuth() {
        return auth;
    }

    /**
     * Returns the timeouts.
     *
     * @return smtp.timeouts
     */
    public Timeouts getTimeouts() {
        return timeouts;
    }

    /**
     * Returns the pool settings.
     *
     * @return smtp.pool
     */
    public Pool getPool() {
        return pool;
    }

    /**
     * Returns the retry settings.
     *
     * @return smtp.retry
     */
    public Retry getRetry() {
        return retry;
    }

    /**
     * Tells whether BDAT is used when offered.
     *
     * @return true by default
     */
    public boolean isChunking() {
        return chunking;
    }

    /**
     * Turns BDAT on or off.
     *
     * @param chunking true by default
     */
    public void setChunking(boolean chunking) {
        this.chunking = chunking;
    }

    /**
     * Tells whether every message asks REQUIRETLS.
     *
     * @return false by default
     */
    public boolean isRequireTls() {
        return requireTls;
    }

    /**
     * Makes every message ask REQUIRETLS, or not.
     *
     * @param requireTls false by default
     */
    public void setRequireTls(boolean requireTls) {
        this.requireTls = requireTls;
    }

    /**
     * Returns the JavaMailSender settings.
     *
     * @return smtp.java-mail-sender
     */
    public JavaMail getJavaMailSender() {
        return javaMailSender;
    }

    /** smtp.java-mail-sender.* */
    public static class JavaMail {

        /** Whether to offer netsmtp as Spring's JavaMailSender (when spring-context-support and Jakarta Mail are present and the application defines no MailSender). */
        private boolean enabled = true;

        /** Reverse path (MAIL FROM) for every message sent through the JavaMailSender, as Jakarta Mail's mail.smtp.from; by default each message's Sender, else its first From. */
        private @Nullable String envelopeFrom;

        /**
         * Tells whether the JavaMailSender is offered.
         *
         * @return true by default
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Turns the JavaMailSender on or off.
         *
         * @param enabled true by default
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Returns the envelope sender.
         *
         * @return the address, or null for each message's own
         */
        public @Nullable String getEnvelopeFrom() {
            return envelopeFrom;
        }

        /**
         * Sets the envelope sender.
         *
         * @param envelopeFrom the address
         */
        public void setEnvelopeFrom(@Nullable String envelopeFrom) {
            this.envelopeFrom = envelopeFrom;
        }
    }

    /** smtp.tls.* */
    public static class Tls {

        /** How the connection is protected: starttls (opportunistic, verified), starttls-required, implicit, or none for clear text. */
        private TlsMode mode = TlsMode.STARTTLS;

        /**
         * Returns the mode.
         *
         * @return the mode
         */
        public TlsMode getMode() {
            return mode;
        }

        /**
         * Sets the mode.
         *
         * @param mode the mode
         */
        public void setMode(TlsMode mode) {
            this.mode = mode;
        }
    }

    /** smtp.ssl.* */
    public static class Ssl {

        /** Name of a Spring SSL bundle (spring.ssl.bundle.*) whose trust material is used for implicit TLS and STARTTLS. */
        private @Nullable String bundle;

        /** Whether the server certificate must match the host name. Turning it off is insecure and logged. */
        private boolean verifyHostname = true;

        /** Whether the server certificate must be signed by a trusted authority and valid. Turning it off accepts any certificate (self-signed too), is insecure and logged; prefer smtp.ssl.bundle with the certificate. */
        private boolean verifyCertificate = true;

        /**
         * Returns the bundle name.
         *
         * @return the name, or null
         */
        public @Nullable String getBundle() {
            return bundle;
        }

        /**
         * Sets the bundle name.
         *
         * @param bundle the name
         */
        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }

        /**
         * Tells whether host names are verified.
         *
         * @return true by default
         */
        public boolean isVerifyHostname() {
            return verifyHostname;
        }

        /**
         * Turns host name verification on or off.
         *
         * @param verifyHostname true by default
         */
        public void setVerifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
        }

        /**
         * Tells whether certificates are verified.
         *
         * @return true by default
         */
        public boolean isVerifyCertificate() {
            return verifyCertificate;
        }

        /**
         * Turns certificate verification on or off.
         *
         * @param verifyCertificate true by default
         */
        public void setVerifyCertificate(boolean verifyCertificate) {
            this.verifyCertificate = verifyCertificate;
        }
    }

    /** smtp.auth.* */
    public static class Auth {

        /** User name for SMTP AUTH; no authentication when unset. */
        private @Nullable String username;

        /** Password for SMTP AUTH. */
        private @Nullable String password;

        /** AUTH mechanism: plain, login, cram-md5, oauthbearer or xoauth2; the strongest both sides offer when unset. */
        private @Nullable String mechanism;

        /** A static OAuth2 access token, sent with OAUTHBEARER when offered, else XOAUTH2; define an SmtpConfigCustomizer to refresh tokens instead. */
        private @Nullable String oauth2Token;

        /** Whether credentials may be sent over a connection without TLS. */
        private boolean allowWithoutTls;

        /**
         * Returns the user name.
         *
         * @return the user name, or null
         */
        public @Nullable String getUsername() {
            return username;
        }

        /**
         * Sets the user name.
         *
         * @param username the user name
         */
        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        /**
         * Returns the password.
         *
         * @return the password, or null
         */
        public @Nullable String getPassword() {
            return password;
        }

        /**
         * Sets the password.
         *
         * @param password the password
         */
        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        /**
         * Returns the mechanism.
         *
         * @return the mechanism name, or null
         */
        public @Nullable String getMechanism() {
            return mechanism;
        }

        /**
         * Sets the mechanism.
         *
         * @param mechanism the mechanism name
         */
        public void setMechanism(@Nullable String mechanism) {
            this.mechanism = mechanism;
        }

        /**
         * Returns the static OAuth2 token.
         *
         * @return the token, or null
         */
        public @Nullable String getOauth2Token() {
            return oauth2Token;
        }

        /**
         * Sets the static OAuth2 token.
         *
         * @param oauth2Token the token
         */
        public void setOauth2Token(@Nullable String oauth2Token) {
            this.oauth2Token = oauth2Token;
        }

        /**
         * Tells whether AUTH without TLS is allowed.
         *
         * @return false by default
         */
        public boolean isAllowWithoutTls() {
            return allowWithoutTls;
        }

        /**
         * Allows AUTH without TLS.
         *
         * @param allowWithoutTls true to allow
         */
        public void setAllowWithoutTls(boolean allowWithoutTls) {
            this.allowWithoutTls = allowWithoutTls;
        }

        @Override
        public String toString() {
            return "Auth[username=" + username + ", password=" + (password == null ? "none" : "***") + ", mechanism="
                    + mechanism + ", oauth2Token=" + (oauth2Token == null ? "none" : "***") + "]";
        }
    }

    /** smtp.timeouts.* */
    public static class Timeouts {

        /** How long the DNS lookup may take, and then the TCP connect to each address. */
        private Duration connect = Duration.ofSeconds(30);

        /** How long one reply may take to arrive whole (and the TLS handshake to finish). */
        private Duration read = Duration.ofSeconds(60);

        /** How long each write of at most 64 KiB may block while the server does not read. */
        private Duration write = Duration.ofSeconds(60);

        /** How long the reply to the end of data may take (RFC 5321 4.5.3.2.6); then the outcome is uncertain. */
        private Duration finalReply = Duration.ofMinutes(10);

        /**
         * Bound on one whole send through the template, from borrowing a session to the final
         * reply, retries included.
         */
        private Duration send = Duration.ofMinutes(2);

        /**
         * Returns the write timeout.
         *
         * @return the timeout
         */
        public Duration getWrite() {
            return write;
        }

        /**
         * Sets the write timeout.
         *
         * @param write the timeout
         */
        public void setWrite(Duration write) {
            this.write = write;
        }

        /**
         * Returns the final reply timeout.
         *
         * @return the timeout
         */
        public Duration getFinalReply() {
            return finalReply;
        }

        /**
         * Sets the final reply timeout.
         *
         * @param finalReply the timeout
         */
        public void setFinalReply(Duration finalReply) {
            this.finalReply = finalReply;
        }

        /**
         * Returns the connect timeout.
         *
         * @return the timeout
         */
        public Duration getConnect() {
            return connect;
        }

        /**
         * Sets the connect timeout.
         *
         * @param connect the timeout
         */
        public void setConnect(Duration connect) {
            this.connect = connect;
        }

        /**
         * Returns the read timeout.
         *
         * @return the timeout
         */
        public Duration getRead() {
            return read;
        }

        /**
         * Sets the read timeout.
         *
         * @param read the timeout
         */
        public void setRead(Duration read) {
            this.read = read;
        }

        /**
         * Returns the send timeout.
         *
         * @return the timeout
         */
        public Duration getSend() {
            return send;
        }

        /**
         * Sets the send timeout.
         *
         * @param send the timeout
         */
        public void setSend(Duration send) {
            this.send = send;
        }
    }

    /** smtp.pool.* */
    public static class Pool {

        /** Most sessions open at once. */
        private int maxTotal = 8;

        /** Most idle sessions kept. Defaults to smtp.pool.max-total. */
        private @Nullable Integer maxIdle;

        /** Fewest idle sessions kept open. */
        private int minIdle = 0;

        /** How long a send waits for a free session before failing. */
        private Duration maxWait = Duration.ofSeconds(30);

        /** Messages a session carries before it is closed; a server with a lower cap replies 421, which the template retries on a fresh connection. */
        private int maxMessagesPerSession = 1000;

        /** How old a session may get before it is closed. */
        private Duration maxLifetime = Duration.ofMinutes(10);

        /** Idle time after which a session is checked with NOOP before reuse. */
        private Duration idleValidationAfter = Duration.ofSeconds(10);

        /** Idle time after which a session is closed with QUIT. */
        private Duration idleTimeout = Duration.ofSeconds(60);

        /** How often idle sessions are checked for closing. */
        private Duration evictionInterval = Duration.ofSeconds(15);

        /**
         * Returns max total.
         *
         * @return the value
         */
        public int getMaxTotal() {
            return maxTotal;
        }

        /**
         * Sets max total.
         *
         * @param maxTotal the value
         */
        public void setMaxTotal(int maxTotal) {
            this.maxTotal = maxTotal;
        }

        /**
         * Returns max idle.
         *
         * @return the value, or null for max total
         */
        public @Nullable Integer getMaxIdle() {
            return maxIdle;
        }

        /**
         * Sets max idle.
         *
         * @param maxIdle the value
         */
        public void setMaxIdle(@Nullable Integer maxIdle) {
            this.maxIdle = maxIdle;
        }

        /**
         * Returns min idle.
         *
         * @return the value
         */
        public int getMinIdle() {
            return minIdle;
        }

        /**
         * Sets min idle.
         *
         * @param minIdle the value
         */
        public void setMinIdle(int minIdle) {
            this.minIdle = minIdle;
        }

        /**
         * Returns max wait.
         *
         * @return the value
         */
        public Duration getMaxWait() {
            return maxWait;
        }

        /**
         * Sets max wait.
         *
         * @param maxWait the value
         */
        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        /**
         * Returns max messages per session.
         *
         * @return the value
         */
        public int getMaxMessagesPerSession() {
            return maxMessagesPerSession;
        }

        /**
         * Sets max messages per session.
         *
         * @param maxMessagesPerSession the value
         */
        public void setMaxMessagesPerSession(int maxMessagesPerSession) {
            this.maxMessagesPerSession = maxMessagesPerSession;
        }

        /**
         * Returns max lifetime.
         *
         * @return the value
         */
        public Duration getMaxLifetime() {
            return maxLifetime;
        }

        /**
         * Sets max lifetime.
         *
         * @param maxLifetime the value
         */
        public void setMaxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
        }

        /**
         * Returns the idle validation threshold.
         *
         * @return the value
         */
        public Duration getIdleValidationAfter() {
            return idleValidationAfter;
        }

        /**
         * Sets the idle validation threshold.
         *
         * @param idleValidationAfter the value
         */
        public void setIdleValidationAfter(Duration idleValidationAfter) {
            this.idleValidationAfter = idleValidationAfter;
        }

        /**
         * Returns the idle timeout.
         *
         * @return the value
         */
        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        /**
         * Sets the idle timeout.
         *
         * @param idleTimeout the value
         */
        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        /**
         * Returns the eviction interval.
         *
         * @return the value
         */
        public Duration getEvictionInterval() {
            return evictionInterval;
        }

        /**
         * Sets the eviction interval.
         *
         * @param evictionInterval the value
         */
        public void setEvictionInterval(Duration evictionInterval) {
            this.evictionInterval = evictionInterval;
        }
    }

    /** smtp.retry.* */
    public static class Retry {

        /** Attempts in all for one message; 1 turns retries off. */
        private int maxAttempts = 3;

        /** Wait before the second attempt. */
        private Duration initialDelay = Duration.ofMillis(200);

        /** Factor by which each wait grows. */
        private double multiplier = 2.0;

        /** Longest wait between attempts. */
        private Duration maxDelay = Duration.ofSeconds(5);

        /**
         * Returns max attempts.
         *
         * @return the value
         */
        public int getMaxAttempts() {
            return maxAttempts;
        }

        /**
         * Sets max attempts.
         *
         * @param maxAttempts the value
         */
        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        /**
         * Returns the initial delay.
         *
         * @return the value
         */
        public Duration getInitialDelay() {
            return initialDelay;
        }

        /**
         * Sets the initial delay.
         *
         * @param initialDelay the value
         */
        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        /**
         * Returns the multiplier.
         *
         * @return the value
         */
        public double getMultiplier() {
            return multiplier;
        }

        /**
         * Sets the multiplier.
         *
         * @param multiplier the value
         */
        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        /**
         * Returns the max delay.
         *
         * @return the value
         */
        public Duration getMaxDelay() {
            return maxDelay;
        }

        /**
         * Sets the max delay.
         *
         * @param maxDelay the value
         */
        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }
}
