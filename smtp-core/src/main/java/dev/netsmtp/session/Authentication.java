package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.SmtpUnsupportedCommandException;
import dev.netsmtp.auth.AuthMechanism;
import dev.netsmtp.auth.ChannelBinding;
import dev.netsmtp.auth.Credentials;
import dev.netsmtp.auth.SaslExchange;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** SMTP AUTH (RFC 4954) for one session: picks a mechanism and runs its challenge exchange. */
final class Authentication {

    private final Exchange ex;
    private final SmtpConfig config;

    Authentication(Exchange ex, SmtpConfig config) {
        this.ex = ex;
        this.config = config;
    }

    void authenticate(Capabilities caps, boolean encrypted) {
        Optional<Credentials> maybe = config.credentials();
        if (maybe.isEmpty()) {
            return;
        }
        Credentials credentials = maybe.get();
        if (!encrypted && !config.allowAuthWithoutTls()) {
            throw new SmtpAuthenticationException(
                    "refusing to send credentials over a connection without TLS (the server offered no STARTTLS "
                            + "or refused it); use TlsMode.STARTTLS_REQUIRED or IMPLICIT, or set "
                            + "allowAuthWithoutTls(true)",
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
        run(mechanism, credentials, binding);
    }

    private void run(AuthMechanism mechanism, Credentials credentials, Optional<ChannelBinding> binding) {
        SaslExchange exchange;
        try {
            exchange = mechanism.start(credentials, binding);
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
            ex.listener().authenticated(mechanism.name());
            return;
        }
        String said = lastChallenge == null || lastChallenge.isBlank()
                ? ""
                : "; the server said: " + SmtpSyntax.printable(lastChallenge);
        if (reply.isPermanentNegative()) {
            throw new SmtpAuthenticationException(
                    "authentication as " + SmtpSyntax.printable(credentials.username()) + " with " + mechanism.name()
                            + " failed" + said,
                    shown,
                    reply);
        }
        throw SmtpException.forReply(shown, reply);
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
