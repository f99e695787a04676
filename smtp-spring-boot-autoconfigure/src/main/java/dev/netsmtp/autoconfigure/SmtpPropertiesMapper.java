/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
// One piece past ~400 lines: it is the one place where smtp.* becomes the core's values (the
// session config, the pool, the retry policy, the throttle policy the pool and the template both
// read), each refusal naming its property; split, the refusals would lose their common wording.
package dev.netsmtp.autoconfigure;

import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.auth.AuthMechanism;
import dev.netsmtp.auth.TokenSource;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.event.Transcript;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.session.HostList;
import dev.netsmtp.session.SettingNames;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.tls.TlsMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/** Turns {@link SmtpProperties} into netsmtp's configuration, naming the property of any bad value. */
final class SmtpPropertiesMapper {

    /** Error messages and warnings of the core name smtp.* keys, as a Boot user writes them. */
    static final SettingNames PROPERTY_NAMES = (setting, value) -> switch (setting) {
        case TLS_MODE -> "smtp.tls.mode=" + value.toLowerCase(Locale.ROOT).replace('_', '-');
        case ALLOW_AUTH_WITHOUT_TLS -> "smtp.auth.allow-without-tls=" + value;
        case VERIFY_CERTIFICATE -> "smtp.ssl.verify-certificate=" + value;
        case VERIFY_HOSTNAME -> "smtp.ssl.verify-hostname=" + value;
        case TRUST -> "smtp.ssl.bundle to an SSL bundle (spring.ssl.bundle.*) whose trust store holds the server's "
                + "certificate authority";
        case CLIENT_CERTIFICATE -> "smtp.ssl.bundle (an SSL bundle with a key store)";
    };

    private final SmtpProperties props;
    private final @Nullable TokenSource tokenSource;

    SmtpPropertiesMapper(SmtpProperties props) {
        this(props, null);
    }

    /**
     * A mapper whose logins take OAuth2 tokens from a source: the Spring Security bridge of
     * {@code smtp.auth.oauth2.registration-id}, or the application's own {@link TokenSource} bean.
     */
    SmtpPropertiesMapper(SmtpProperties props, @Nullable TokenSource tokenSource) {
        this.props = props;
        this.tokenSource = tokenSource;
    }

    private String tokenSourceOrigin() {
        String id = props.auth().oauth2().registrationId();
        return id != null && !id.isBlank() ? "smtp.auth.oauth2.registration-id=" + id : "a TokenSource bean";
    }

    /**
     * One configuration per server: {@code smtp.host} first, then each {@code smtp.hosts} entry.
     * An entry without a port takes {@code smtp.port}, or the TLS mode's default port (25, or 465
     * for implicit TLS). The customizers then run on each server's final builder, in bean order,
     * so what they set (a port, a token supplier) wins over the properties.
     */
    HostList hostList(
            @Nullable SslBundles bundles, List<SmtpListener> listeners, List<SmtpConfigCustomizer> customizers) {
        SmtpConfig shared = build("smtp.host", props.host(), baseBuilder(bundles, listeners));
        Integer port = props.port();
        if (port != null) {
            set(
                    "smtp.port",
                    port,
                    p -> SmtpConfig.builder().port(p),
                    "use a port from 1 to 65535 (587 for submission, 465 for implicit TLS)");
        }
        List<SmtpConfig> configs = new ArrayList<>();
        if (props.host() != null && !props.host().isBlank()) {
            SmtpConfig.Builder b = shared.toBuilder().host(props.host());
            if (port != null) {
                b.port(port);
            }
            configs.add(customized("smtp.host", props.host(), b, customizers));
        }
        List<String> hosts = props.hosts();
        for (int i = 0; i < hosts.size(); i++) {
            String name = "smtp.hosts[" + i + "]";
            String entry = hosts.get(i).trim();
            SmtpConfig.Builder b = shared.toBuilder();
            if (port != null) {
                b.port(port);
            }
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && !entry.endsWith("]")) {
                String portText = entry.substring(colon + 1);
                int entryPort;
                try {
                    entryPort = Integer.parseInt(portText);
                } catch (NumberFormatException e) {
                    throw new InvalidSmtpPropertyException(
                            name,
                            hosts.get(i),
                            "'" + portText + "' is not a port number",
                            "write each entry as host or host:port",
                            e);
                }
                set(name, entryPort, b::port, "write each entry as host or host:port with a port from 1 to 65535");
                entry = entry.substring(0, colon);
            }
            b.host(entry);
            configs.add(customized(name, hosts.get(i), b, customizers));
        }
        if (configs.isEmpty()) {
            throw new InvalidSmtpPropertyException(
                    "smtp.host",
                    props.host(),
                    "no server is configured",
                    "set smtp.host (and smtp.port), or list servers in smtp.hosts",
                    null);
        }
        return HostList.of(configs);
    }

    private SmtpConfig customized(
            String name, @Nullable Object value, SmtpConfig.Builder b, List<SmtpConfigCustomizer> customizers) {
        customizers.forEach(c -> c.customize(b));
        return build(name, value, b);
    }

    private SmtpConfig.Builder baseBuilder(@Nullable SslBundles bundles, List<SmtpListener> listeners) {
        SmtpConfig.Builder b = SmtpConfig.builder().host("placeholder.invalid").settingNames(PROPERTY_NAMES);
        set(
                "smtp.helo",
                props.helo(),
                b::helo,
                "use this machine's domain name or an address literal like [192.0.2.1]");
        set(
                "smtp.timeouts.connect",
                props.timeouts().connect(),
                b::connectTimeout,
                "use a positive duration, e.g. 10s");
        set("smtp.timeouts.read", props.timeouts().read(), b::readTimeout, "use a positive duration, e.g. 30s");
        set("smtp.timeouts.write", props.timeouts().write(), b::writeTimeout, "use a positive duration, e.g. 60s");
        set(
                "smtp.timeouts.final-reply",
                props.timeouts().finalReply(),
                b::finalReplyTimeout,
                "use a positive duration, e.g. 10m");
        b.recipientPolicy(props.recipientPolicy() == null ? RecipientPolicy.ALL_OR_NOTHING : props.recipientPolicy());
        b.chunking(props.chunking());
        TlsMode mode = props.tls().mode();
        if (mode != null) {
            b.tls(mode); // unset: the core decides by the host (required off loopback)
        }
        b.tlsVerifyHostname(props.ssl().verifyHostname());
        b.tlsVerifyCertificate(props.ssl().verifyCertificate());
        String bundle = props.ssl().bundle();
        if (bundle != null && !bundle.isBlank()) {
            if (mode == TlsMode.NONE) {
                throw new InvalidSmtpPropertyException(
                        "smtp.ssl.bundle",
                        bundle,
                        "a bundle is set but smtp.tls.mode is none",
                        "set smtp.tls.mode to starttls-required or implicit, or remove smtp.ssl.bundle",
                        null);
            }
            Found found = find(bundles, bundle);
            SslBundle sslBundle = found.bundle();
            b.sslContext(ReloadingSslContext.of(found.bundles(), bundle, sslBundle));
            // The bundle's client certificate survives smtp.ssl.verify-certificate=false, which
            // replaces the context (the JDK cannot hand its key managers back).
            b.clientCertificate(sslBundle.getManagers().getKeyManagers());
            SslOptions options = sslBundle.getOptions();
            String[] protocols = options.getEnabledProtocols();
            if (protocols != null) {
                set(
                        "spring.ssl.bundle.*." + bundle + ".options.enabled-protocols",
                        protocols,
                        b::tlsProtocols,
                        "enable TLSv1.3 and/or TLSv1.2 only");
            }
            String[] ciphers = options.getCiphers();
            if (ciphers != null) {
                b.tlsCipherSuites(ciphers);
            }
        }
        auth(b, mode);
        listeners.forEach(b::listener);
        if (props.transcript()) {
            b.listener(Transcript.toLogger());
        }
        return b;
    }

    /** A bundle found, with the bundles that report its reloads. */
    private record Found(SslBundles bundles, SslBundle bundle) {}

    /** The bundle named by smtp.ssl.bundle; else start-up fails naming the property. */
    private static Found find(@Nullable SslBundles bundles, String name) {
        if (bundles == null) {
            throw new InvalidSmtpPropertyException(
                    "smtp.ssl.bundle",
                    name,
                    "SSL bundle '" + name + "' is set but the application has no SslBundles",
                    "define it under spring.ssl.bundle.jks or .pem",
                    null);
        }
        try {
            return new Found(bundles, bundles.getBundle(name));
        } catch (NoSuchSslBundleException e) {
            throw new InvalidSmtpPropertyException(
                    "smtp.ssl.bundle",
                    name,
                    "there is no SSL bundle named '" + name + "'",
                    "define spring.ssl.bundle.jks." + name + " or spring.ssl.bundle.pem." + name
                            + ", or correct the name; known bundles: " + bundles.getBundleNames(),
                    e);
        }
    }

    private void auth(SmtpConfig.Builder b, @Nullable TlsMode mode) {
        SmtpProperties.Auth auth = props.auth();
        String user = auth.username();
        b.allowAuthWithoutTls(auth.allowWithoutTls());
        if (user == null || user.isBlank()) {
            if (auth.password() != null || auth.oauth2Token() != null || tokenSource != null) {
                throw new InvalidSmtpPropertyException(
                        "smtp.auth.username",
                        user,
                        tokenSource != null
                                ? "an OAuth2 token source is configured (" + tokenSourceOrigin() + ") without a user "
                                        + "name"
                                : "a password or token is set without a user name",
                        "set smtp.auth.username (the mailbox the tokens are for)",
                        null);
            }
            return;
        }
        if (mode == TlsMode.NONE && !auth.allowWithoutTls()) {
            throw new InvalidSmtpPropertyException(
                    "smtp.auth.allow-without-tls",
                    false,
                    "credentials are configured with "
                            + "smtp.tls.mode=none, so they would cross the network in clear text",
                    "set smtp.tls.mode to starttls-required (port 587) or implicit (port 465), or set "
                            + "smtp.auth.allow-without-tls=true for a trusted local relay",
                    null);
        }
        String token = auth.oauth2Token();
        TokenSource source = tokenSource;
        if (source != null && (auth.password() != null || (token != null && !token.isBlank()))) {
            String other = auth.password() != null ? "smtp.auth.password" : "smtp.auth.oauth2-token";
            throw new InvalidSmtpPropertyException(
                    other,
                    "***",
                    "both " + other + " and an OAuth2 token source (" + tokenSourceOrigin() + ") are configured",
                    "keep one of them",
                    null);
        }
        if (source == null && token != null && !token.isBlank()) {
            source = TokenSource.fixed(token);
        }
        String named = auth.mechanism() == null
                ? ""
                : auth.mechanism().trim().toUpperCase(Locale.ROOT).replace('_', '-');
        if (source != null) {
            switch (named) {
                case "" -> b.oauth2(user, source);
                case "XOAUTH2" -> b.oauth2(user, source, AuthMechanism.XOAUTH2);
                case "OAUTHBEARER" -> b.oauth2(user, source, AuthMechanism.OAUTHBEARER);
                default -> throw new InvalidSmtpPropertyException(
                        "smtp.auth.mechanism",
                        auth.mechanism(),
                        named.toLowerCase(Locale.ROOT) + " takes a password, but OAuth2 tokens are configured ("
                                + tokenSourceOrigin() + ")",
                        "use oauthbearer or xoauth2 with a token, or leave it unset",
                        null);
            }
            return;
        }
        String password = auth.password();
        if (password == null) {
            throw new InvalidSmtpPropertyException(
                    "smtp.auth.password",
                    null,
                    "smtp.auth.username is set without a password or token",
                    "set smtp.auth.password, or smtp.auth.oauth2.registration-id for OAuth2 tokens",
                    null);
        }
        String mechanism = auth.mechanism();
        if (mechanism == null || mechanism.isBlank()) {
            b.auth(user, password);
        } else {
            b.auth(user, password, mechanism(mechanism));
        }
    }

    private static AuthMechanism mechanism(String name) {
        return switch (name.trim().toUpperCase(Locale.ROOT).replace('_', '-')) {
            case "PLAIN" -> AuthMechanism.PLAIN;
            case "LOGIN" -> AuthMechanism.LOGIN;
            case "CRAM-MD5" -> AuthMechanism.CRAM_MD5;
            case "SCRAM-SHA-256" -> AuthMechanism.SCRAM_SHA_256;
            case "SCRAM-SHA-256-PLUS" -> AuthMechanism.SCRAM_SHA_256_PLUS;
            case "SCRAM-SHA-1" -> AuthMechanism.SCRAM_SHA_1;
            case "SCRAM-SHA-1-PLUS" -> AuthMechanism.SCRAM_SHA_1_PLUS;
            case "XOAUTH2", "OAUTHBEARER" -> throw new InvalidSmtpPropertyException(
                    "smtp.auth.mechanism",
                    name,
                    name.trim() + " needs a token",
                    "set smtp.auth.oauth2.registration-id (Spring Security's OAuth2 client), define a TokenSource "
                            + "bean, or set smtp.auth.oauth2-token for a static token",
                    null);
            default -> throw new InvalidSmtpPropertyException(
                    "smtp.auth.mechanism",
                    name,
                    "unknown mechanism '" + name + "'",
                    "use scram-sha-256, scram-sha-256-plus, scram-sha-1, scram-sha-1-plus, plain, login or cram-md5 "
                            + "(or oauthbearer or xoauth2 with smtp.auth.oauth2-token), or leave it unset to pick the "
                            + "strongest both sides offer",
                    null);
        };
    }

    /**
     * The throttle of {@code smtp.throttle.*}: a preset, or the rates when enabled; with its
     * connection limits, which {@link #poolConfig()} keeps the pool within.
     */
    java.util.Optional<dev.netsmtp.throttle.ThrottlePolicy> throttlePolicy() {
        SmtpProperties.Throttle throttle = props.throttle();
        String preset =
                throttle.preset() == null ? "" : throttle.preset().strip().toLowerCase(java.util.Locale.ROOT);
        dev.netsmtp.throttle.ThrottlePolicy policy;
        if (!preset.isEmpty()) {
            policy = switch (preset) {
                case "microsoft-365" -> dev.netsmtp.throttle.ThrottlePolicy.microsoft365();
                case "amazon-ses-sandbox" -> dev.netsmtp.throttle.ThrottlePolicy.amazonSesSandbox();
                case "google-workspace-relay" -> dev.netsmtp.throttle.ThrottlePolicy.googleWorkspaceRelay();
                default -> throw new InvalidSmtpPropertyException(
                        "smtp.throttle.preset",
                        throttle.preset(),
                        "unknown preset",
                        "use microsoft-365, amazon-ses-sandbox or google-workspace-relay, or set "
                                + "smtp.throttle.enabled=true with rates (for Amazon SES out of the sandbox: max-rate "
                                + "and initial-rate = the account's maximum send rate)",
                        null);
            };
        } else if (throttle.enabled()) {
            try {
                policy = new dev.netsmtp.throttle.ThrottlePolicy(
                        throttle.initialRate(),
                        throttle.minRate(),
                        throttle.maxRate(),
                        throttle.decrease(),
                        throttle.increasePerSecond());
            } catch (IllegalArgumentException e) {
                throw new InvalidSmtpPropertyException(
                        "smtp.throttle",
                        throttle,
                        String.valueOf(e.getMessage()),
                        "set 0 < smtp.throttle.min-rate <= initial-rate <= max-rate, 0 < decrease < 1, and a positive "
                                + "increase-per-second",
                        null);
            }
        } else {
            return java.util.Optional.empty();
        }
        Integer connections = throttle.maxConnections();
        Integer perConnection = throttle.maxMessagesPerConnection();
        if (connections != null && connections < 1) {
            throw new InvalidSmtpPropertyException(
                    "smtp.throttle.max-connections",
                    connections,
                    "must be at least 1",
                    "use 1 or more, or leave it unset",
                    null);
        }
        if (perConnection != null && perConnection < 1) {
            throw new InvalidSmtpPropertyException(
                    "smtp.throttle.max-messages-per-connection",
                    perConnection,
                    "must be at least 1",
                    "use 1 or more, or leave it unset",
                    null);
        }
        if (connections != null || perConnection != null) {
            policy = policy.withConnectionLimits(
                    connections != null ? connections : policy.maxConnections(),
                    perConnection != null ? perConnection : policy.maxMessagesPerConnection());
        }
        return java.util.Optional.of(policy);
    }

    PoolConfig poolConfig() {
        SmtpProperties.Pool p = props.pool();
        PoolConfig.Builder b = PoolConfig.builder();
        throttlePolicy().ifPresent(b::within);
        set("smtp.pool.max-total", p.maxTotal(), b::maxTotal, "use at least 1");
        if (p.maxIdle() != null) {
            set("smtp.pool.max-idle", p.maxIdle(), b::maxIdle, "use 0 or more, at most smtp.pool.max-total");
        }
        set("smtp.pool.min-idle", p.minIdle(), b::minIdle, "use 0 or more, at most smtp.pool.max-idle");
        set("smtp.pool.max-wait", p.maxWait(), b::maxWait, "use a positive duration");
        set(
                "smtp.pool.max-messages-per-session",
                p.maxMessagesPerSession(),
                b::maxMessagesPerSession,
                "use at least 1");
        set("smtp.pool.max-lifetime", p.maxLifetime(), b::maxLifetime, "use a positive duration");
        set("smtp.pool.idle-validation-after", p.idleValidationAfter(), b::idleValidationAfter, "use 0 or more");
        set("smtp.pool.idle-timeout", p.idleTimeout(), b::idleTimeout, "use a positive duration");
        set("smtp.pool.eviction-interval", p.evictionInterval(), b::evictionInterval, "use a positive duration");
        set("smtp.pool.close-timeout", p.closeTimeout(), b::closeTimeout, "use a positive duration, e.g. 10s");
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidSmtpPropertyException(
                    "smtp.pool.max-idle",
                    p.maxIdle(),
                    String.valueOf(e.getMessage()),
                    "keep smtp.pool.min-idle <= smtp.pool.max-idle <= smtp.pool.max-total",
                    e);
        }
    }

    RetryPolicy retryPolicy() {
        SmtpProperties.Retry r = props.retry();
        try {
            return new RetryPolicy(r.maxAttempts(), r.initialDelay(), r.multiplier(), r.maxDelay());
        } catch (IllegalArgumentException e) {
            String name = r.maxAttempts() < 1
                    ? "smtp.retry.max-attempts"
                    : r.multiplier() < 1 ? "smtp.retry.multiplier" : "smtp.retry.max-delay";
            Object value = r.maxAttempts() < 1 ? r.maxAttempts() : r.multiplier() < 1 ? r.multiplier() : r.maxDelay();
            throw new InvalidSmtpPropertyException(
                    name,
                    value,
                    String.valueOf(e.getMessage()),
                    "use max-attempts >= 1, multiplier >= 1 and 0 <= initial-delay <= max-delay",
                    e);
        }
    }

    Duration sendTimeout() {
        Duration d = props.timeouts().send();
        if (d.isZero() || d.isNegative()) {
            throw new InvalidSmtpPropertyException(
                    "smtp.timeouts.send", d, "must be positive", "use a positive duration, e.g. 2m", null);
        }
        return d;
    }

    private static <T> void set(String property, T value, Consumer<T> setter, String action) {
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidSmtpPropertyException(property, value, String.valueOf(e.getMessage()), action, e);
        }
    }

    private static SmtpConfig build(String property, @Nullable Object value, SmtpConfig.Builder b) {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidSmtpPropertyException(
                    property, value, String.valueOf(e.getMessage()), "check the smtp.* settings", e);
        }
    }
}
