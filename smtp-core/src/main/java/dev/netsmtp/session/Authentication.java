/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.BearerTokenStatus;
import dev.netsmtp.Capabilities;
import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.SmtpTokenException;
import dev.netsmtp.SmtpUnsupportedCommandException;
import dev.netsmtp.auth.AccessToken;
import dev.netsmtp.auth.AuthMechanism;
import dev.netsmtp.auth.ChannelBinding;
import dev.netsmtp.auth.Credentials;
import dev.netsmtp.auth.SaslContext;
import dev.netsmtp.auth.SaslExchange;
import dev.netsmtp.auth.TokenSource;
import dev.netsmtp.auth.TokenSourceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** SMTP AUTH (RFC 4954) for one session: picks a mechanism and runs its challenge exchange. */
final class Authentication {

    private final Exchange ex;
    private final SmtpConfig config;

    Authentication(Exchange ex, SmtpConfig config) {
        this.ex = ex;
        this.config = config;
    }

    /**
     * Logs in when credentials are configured.
     *
     * @param caps what the server offers
     * @param encrypted whether the connection is TLS
     * @param token the OAuth2 token to use, already got (a second login after a refusal), or null
     *     to ask the token source
     * @throws TokenRefusal when the server refused an OAuth2 token
     */
    void authenticate(Capabilities caps, boolean encrypted, @Nullable AccessToken token) {
        Optional<Credentials> maybe = config.credentials();
        if (maybe.isEmpty()) {
            return;
        }
        Credentials credentials = maybe.get();
        if (!encrypted && !config.allowAuthWithoutTls()) {
            throw new SmtpAuthenticationException(
                    "refusing to send credentials over a connection without TLS (the server offered no STARTTLS "
                            + "or refused it); set "
                            + config.settingNames().name(SettingNames.Setting.TLS_MODE, "STARTTLS_REQUIRED") + " or "
                            + config.settingNames().name(SettingNames.Setting.TLS_MODE, "IMPLICIT") + ", or "
                            + config.settingNames().name(SettingNames.Setting.ALLOW_AUTH_WITHOUT_TLS, "true"),
                    null,
                    null);
        }
        if (!caps.supports("AUTH")) {
            throw new SmtpUnsupportedCommandException(
                    "credentials are configured but the server does not advertise AUTH", null, null);
        }
        // Once per login: the same data decides the mechanism and binds it.
        Optional<ChannelBinding> binding = channelBinding();
        AuthMechanism mechanism = config.authMechanism()
                .map(m -> {
                    if (!caps.authMechanisms().contains(m.name())) {
                        throw new SmtpUnsupportedCommandException(
                                "the server does not offer AUTH " + m.name() + "; it offers " + caps.authMechanisms(),
                                null,
                                null);
                    }
                    return m;
                })
                .orElseGet(
                        () -> AuthMechanism.choose(caps.authMechanisms(), credentials, encrypted, binding.isPresent())
                                .orElseThrow(() -> new SmtpUnsupportedCommandException(
                                        "no AUTH mechanism the server offers " + caps.authMechanisms()
                                                + " fits the credentials ("
                                                + (credentials.hasToken() ? "a token" : "a password")
                                                + ")",
                                        null,
                                        null)));
        TokenSource source = credentials.tokenSource().orElse(null);
        AccessToken accessToken = source == null ? null : token != null ? token : token(source);
        Credentials toSend = accessToken == null
                ? credentials
                : Credentials.oauth2(credentials.username(), TokenSource.fixed(accessToken.value()));
        SaslContext context = context(binding, caps);
        try {
            run(mechanism, toSend, context, source, accessToken);
        } catch (SmtpAuthenticationException e) {
            // RFC 5802 section 6: a -PLUS login the server could not bind (a binding type it lacks)
            // may go again without binding, once, when the caller did not name the mechanism.
            if (config.authMechanism().isEmpty()
                    && mechanism.name().endsWith("-PLUS")
                    && !ex.isBroken()
                    && String.valueOf(e.getMessage()).contains("channel-binding")) {
                AuthMechanism plain = mechanism.name().startsWith("SCRAM-SHA-256")
                        ? AuthMechanism.SCRAM_SHA_256
                        : AuthMechanism.SCRAM_SHA_1;
                ex.listener().notice("AUTH " + mechanism.name() + " failed on channel binding; trying " + plain.name());
                run(plain, toSend, context, null, null);
                return;
            }
            throw e;
        }
    }

    /**
     * The OAuth2 token, from the application's token source, which runs on a capped helper thread
     * within the session's bound (the read timeout, or what is left of the time limit): a source
     * that hangs ends the login with a timeout naming the token step, not the thread.
     */
    AccessToken token(TokenSource source) {
        long bound = config.readTimeout().toNanos();
        java.util.OptionalLong deadline = ex.deadline();
        boolean byLimit = deadline.isPresent() && deadline.getAsLong() - System.nanoTime() < bound;
        if (byLimit) {
            bound = deadline.getAsLong() - System.nanoTime();
        }
        AccessToken token;
        try {
            token = dev.netsmtp.internal.BoundedCalls.TOKENS.call(source::token, bound);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new dev.netsmtp.SmtpTimeoutException(
                    "the OAuth2 token source gave no token within "
                            + (byLimit
                                    ? "the time limit of " + ex.timeLimitValue()
                                    : "the read timeout of " + config.readTimeout()),
                    SmtpTokenException.STEP,
                    null,
                    e,
                    byLimit);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            boolean transientFailure = !(cause instanceof TokenSourceException t) || t.isTransient();
            throw new SmtpTokenException(
                    "cannot log in: the OAuth2 token source failed: "
                            + SmtpSyntax.printable(
                                    cause instanceof TokenSourceException
                                            ? String.valueOf(cause.getMessage())
                                            : cause.getClass().getSimpleName() + ": " + cause.getMessage()),
                    transientFailure,
                    cause);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new SmtpTokenException("cannot log in: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.netsmtp.SmtpInterruptedException("interrupted while getting the OAuth2 token", e);
        }
        if (token == null) {
            throw new SmtpTokenException("cannot log in: the OAuth2 token source returned no token", true, null);
        }
        return token;
    }

    /** The session's side of a SASL exchange: binding data, what the server offers, the bounds. */
    private SaslContext context(Optional<ChannelBinding> binding, Capabilities caps) {
        return new SaslContext() {
            @Override
            public Optional<ChannelBinding> channelBinding() {
                return binding;
            }

            @Override
            public java.util.Set<String> offered() {
                return caps.authMechanisms();
            }

            @Override
            public int maxScramIterations() {
                return config.scramMaxIterations();
            }

            @Override
            public void checkBounds() {
                if (Thread.currentThread().isInterrupted()) {
                    throw new dev.netsmtp.SmtpInterruptedException("interrupted during AUTH", null);
                }
                java.util.OptionalLong deadline = ex.deadline();
                if (deadline.isPresent() && deadline.getAsLong() - System.nanoTime() <= 0) {
                    throw new dev.netsmtp.SmtpTimeoutException(
                            "the time limit of " + ex.timeLimitValue() + " passed while computing the SCRAM proof",
                            "AUTH",
                            null,
                            null,
                            true);
                }
            }
        };
    }

    private void run(
            AuthMechanism mechanism,
            Credentials credentials,
            SaslContext context,
            @Nullable TokenSource source,
            @Nullable AccessToken token) {
        SaslExchange exchange;
        try {
            exchange = mechanism.start(credentials, context);
        } catch (IllegalStateException e) {
            // A token supplier that gave nothing usable: nothing was sent.
            throw new SmtpAuthenticationException(
                    "cannot start AUTH " + mechanism.name() + ": " + e.getMessage(), null, null, e);
        }
        Optional<byte[]> initial = exchange.initialResponse();
        String shown = "AUTH " + mechanism.name() + (initial.isPresent() ? " ***" : "");
        String command = "AUTH " + mechanism.name()
                + initial.map(ir -> " " + encodeInitial(ir)).orElse("");
        SmtpReply reply = ex.call(command, shown);
        String lastChallenge = null;
        int rounds = 0;
        while (reply.code() == 334) {
            if (++rounds > 10) {
                ex.call("*", "*");
                throw new SmtpAuthenticationException(
                        "the AUTH " + mechanism.name() + " exchange did not end after " + "10 challenges; cancelled",
                        shown,
                        reply);
            }
            byte[] challenge;
            try {
                challenge = Base64.getMimeDecoder().decode(reply.lines().get(0).trim());
            } catch (IllegalArgumentException e) {
                // RFC 4954 section 4: "*" cancels the exchange.
                ex.call("*", "*");
                throw new SmtpAuthenticationException("the server's AUTH challenge is not base64", shown, reply, e);
            }
            lastChallenge = new String(challenge, StandardCharsets.UTF_8);
            byte[] answer;
            try {
                answer = exchange.evaluateChallenge(challenge);
            } catch (SmtpException e) {
                // The session's bound passed or the thread was interrupted mid-computation: the
                // server still waits for an answer, so the connection cannot go on.
                ex.breakConnection("AUTH " + mechanism.name() + " stopped: " + e.getMessage());
                throw e;
            } catch (IllegalArgumentException | IllegalStateException e) {
                // The mechanism cannot go on (a bad server message, a server that failed to
                // prove itself): cancel, RFC 4954 section 4.
                ex.call("*", "*");
                throw new SmtpAuthenticationException(
                        "AUTH " + mechanism.name() + " failed: " + SmtpSyntax.printable(String.valueOf(e.getMessage())),
                        shown,
                        null,
                        e);
            }
            reply = ex.call(Base64.getEncoder().encodeToString(answer), "***");
        }
        if (reply.code() == 235 && !exchange.isComplete()) {
            throw new SmtpAuthenticationException(
                    "the server accepted AUTH " + mechanism.name() + " before the exchange was complete (the "
                            + "credentials were not all sent); refused, as a server that does so is broken or is "
                            + "not the server meant",
                    shown,
                    reply);
        }
        if (reply.code() == 235) {
            ex.listener()
                    .notice("authenticated as " + SmtpSyntax.printable(credentials.username()) + " with "
                            + mechanism.name());
            ex.authenticated(mechanism.name());
            return;
        }
        // Only the token mechanisms define a challenge that is an error (XOAUTH2's and OAUTHBEARER's
        // JSON status, RFC 7628 section 3.2.2): quote it. Any other challenge is a prompt or, for
        // SCRAM, the server-first message with the user's salt and iteration count: never quoted,
        // so it never lands in a log.
        boolean errorChallenge =
                mechanism.name().equals("XOAUTH2") || mechanism.name().equals("OAUTHBEARER");
        String said = !errorChallenge || lastChallenge == null || lastChallenge.isBlank()
                ? ""
                : "; the server said: " + SmtpSyntax.printable(lastChallenge);
        if (errorChallenge && reply.code() == 535 && source != null && token != null) {
            // The token was refused (RFC 7628 section 3.2.2; XOAUTH2 likewise): the session asks
            // for a new one and tries once more on a new connection.
            BearerTokenStatus status = lastChallenge == null ? null : tokenStatus(lastChallenge);
            throw new TokenRefusal(
                    source,
                    token,
                    "the server refused the OAuth2 token for " + SmtpSyntax.printable(credentials.username()) + " with "
                            + mechanism.name() + said,
                    shown,
                    reply,
                    status);
        }
        if (reply.isPermanentNegative()) {
            throw new SmtpAuthenticationException(
                    "authentication as " + SmtpSyntax.printable(credentials.username()) + " with " + mechanism.name()
                            + " failed" + said,
                    shown,
                    reply);
        }
        throw SmtpException.forReply(shown, reply);
    }

    /**
     * The JSON status of a token mechanism's error challenge (RFC 7628 section 3.2.2), or null
     * when the challenge is not a JSON object with a {@code status}.
     */
    static @Nullable BearerTokenStatus tokenStatus(String challenge) {
        java.util.Map<String, Object> members;
        try {
            members = dev.netsmtp.internal.Json.object(challenge);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String status = jsonText(members.get("status"));
        return status == null
                ? null
                : BearerTokenStatus.of(
                        status,
                        jsonText(members.get("scope")),
                        jsonText(members.get("schemes")),
                        jsonText(members.get("openid-configuration")));
    }

    private static @Nullable String jsonText(@Nullable Object value) {
        return value instanceof String s ? s : value instanceof Number n ? n.toString() : null;
    }

    /** The connection's tls-server-end-point data (RFC 5929), when it is TLS. */
    private Optional<ChannelBinding> channelBinding() {
        if (!(ex.connection().socket() instanceof javax.net.ssl.SSLSocket ssl)) {
            return Optional.empty();
        }
        try {
            java.security.cert.Certificate[] chain = ssl.getSession().getPeerCertificates();
            return chain.length == 0 ? Optional.empty() : ChannelBinding.tlsServerEndPoint(chain[0]);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private static String encodeInitial(byte[] initial) {
        // RFC 4954 section 4: an empty initial response is sent as "=".
        return initial.length == 0 ? "=" : Base64.getEncoder().encodeToString(initial);
    }
}
