/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.tls.TlsMode;
import dev.netsmtp.tls.TlsSettings;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Implicit TLS (RFC 8314) and STARTTLS (RFC 3207) for one session. */
final class TlsNegotiation {

    private static final System.Logger LOG = System.getLogger("dev.netsmtp.tls");

    private final Exchange ex;
    private final TlsSettings tls;
    private final String peerName;
    private final Duration handshakeTimeout;
    private final SettingNames names;

    TlsNegotiation(Exchange ex, TlsSettings tls, String host, Duration handshakeTimeout, SettingNames names) {
        this.ex = ex;
        this.tls = tls;
        this.names = names;
        this.peerName = tls.peerName(host);
        this.handshakeTimeout = handshakeTimeout;
    }

    /** Wraps the fresh connection in TLS before the greeting, for {@link TlsMode#IMPLICIT}. */
    void implicit() {
        warnIfUnverified();
        handshake("<implicit TLS handshake>");
    }

    /**
     * Runs STARTTLS when the mode asks for it.
     *
     * @return true when the connection was upgraded and EHLO must be sent again
     */
    boolean startTlsIfWanted(Capabilities caps) {
        TlsMode mode = tls.mode();
        if (mode != TlsMode.STARTTLS && mode != TlsMode.STARTTLS_REQUIRED) {
            return false;
        }
        boolean required = mode == TlsMode.STARTTLS_REQUIRED;
        if (!caps.supportsStartTls()) {
            if (required) {
                throw new SmtpTlsException(
                        "the server does not advertise STARTTLS, which TlsMode.STARTTLS_REQUIRED demands (the default "
                                + "for a server that is not on loopback); nothing more was sent. To send in clear text "
                                + "to this server anyway, say so: "
                                + names.name(SettingNames.Setting.TLS_MODE, "STARTTLS") + " or "
                                + names.name(SettingNames.Setting.TLS_MODE, "NONE"),
                        null,
                        null);
            }
            ex.listener()
                    .notice("the server does not advertise STARTTLS; continuing WITHOUT encryption "
                            + "(TlsMode.STARTTLS is opportunistic)");
            return false;
        }
        SmtpReply reply = ex.call("STARTTLS");
        if (reply.code() != 220) {
            if (required && reply.isTransientNegative()) {
                // RFC 3207 section 4: 454 is "TLS not available due to temporary reason": a TLS
                // error (nothing was sent without it) that another attempt, or server, may get past.
                throw new SmtpTlsException(
                        "the server refused STARTTLS for now, and TlsMode.STARTTLS_REQUIRED sends nothing without "
                                + "it; another attempt may succeed",
                        "STARTTLS",
                        reply,
                        null,
                        true);
            }
            if (required || ex.isBroken()) {
                throw new SmtpTlsException(
                        "the server refused STARTTLS, which TlsMode.STARTTLS_REQUIRED demands; "
                                + "nothing more was sent",
                        "STARTTLS",
                        reply);
            }
            ex.listener()
                    .notice("the server refused STARTTLS with " + reply.code()
                            + "; continuing WITHOUT encryption (TlsMode.STARTTLS is opportunistic)");
            return false;
        }
        warnIfUnverified();
        int discarded = handshake("STARTTLS");
        if (discarded > 0) {
            // RFC 3207 section 4.2 and CVE-2011-0411: nothing sent in clear text may be taken as a reply.
            ex.listener()
                    .notice("discarded " + discarded + " bytes the server sent after its STARTTLS reply and "
                            + "before the TLS handshake");
        }
        return true;
    }

    private int handshake(String step) {
        try {
            int discarded = ex.connection()
                    .startTls(tls.socketFactory(), peerName, s -> tls.configure(s, peerName), handshakeTimeout);
            String protocol = ((javax.net.ssl.SSLSocket) ex.connection().socket())
                    .getSession()
                    .getProtocol();
            ex.listener().notice("TLS established with " + peerName + " (" + protocol + ")");
            ex.listener().tlsEstablished(protocol);
            return discarded;
        } catch (IOException e) {
            ex.breakConnection("the TLS handshake failed: " + e);
            // A handshake that stalls or is cut off says nothing about the certificate or the
            // protocol: it is transient, and a host list fails over to the next server.
            SocketTimeoutException timedOut = Exchange.timeout(e);
            if (timedOut != null) {
                return fail(new SmtpTimeoutException(
                        "TLS handshake with " + peerName + " did not finish: " + ex.describeTimeout(timedOut),
                        step,
                        null,
                        e,
                        ex.isTimeLimit(timedOut)));
            }
            if (cutOff(e)) {
                return fail(new SmtpConnectionException(
                        "the connection was closed during the TLS handshake with " + peerName + ": " + e.getMessage(),
                        step,
                        null,
                        e));
            }
            // A refused handshake (an untrusted certificate, a name that does not match, no
            // common protocol, an alert from the server) will fail again; a record that did not
            // parse is the network's doing, and another attempt may get through.
            boolean refused = e instanceof SSLHandshakeException;
            throw new SmtpTlsException(
                    "TLS handshake with " + peerName + " failed: " + e.getMessage()
                            + (untrusted(e)
                                    ? "; the server's certificate is not trusted: set "
                                            + names.name(SettingNames.Setting.TRUST, "")
                                    : "")
                            + (tls.verifyCertificate() ? "" : " (certificate verification is off)")
                            + (tls.verifyHostname() ? "" : " (host name verification is off)"),
                    step,
                    null,
                    e,
                    !refused);
        }
    }

    private static int fail(SmtpException e) {
        throw e;
    }

    /** A certificate path that could not be built or validated (PKIX): no trusted authority signed it, or it expired. */
    private static boolean untrusted(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.security.cert.CertPathBuilderException
                    || c instanceof java.security.cert.CertPathValidatorException) {
                return true;
            }
        }
        return false;
    }

    /** A reset, an EOF or a closed socket, anywhere in the chain: the peer went away, TLS did not fail. */
    private static boolean cutOff(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof EOFException || (c instanceof SocketException && !(c instanceof SSLException))) {
                return true;
            }
        }
        return false;
    }

    private void warnIfUnverified() {
        if (!tls.verifyCertificate()
                && tls.sslContext() != null
                && tls.keyManagers().isEmpty()) {
            warn("the SSLContext given for " + peerName + " is not used while certificate verification is off, "
                    + "so a client certificate in it is not presented; give it with "
                    + names.name(SettingNames.Setting.CLIENT_CERTIFICATE, ""));
        }
        if (!tls.verifyCertificate()) {
            warn("TLS certificate verification is OFF for " + peerName
                    + " (" + names.name(SettingNames.Setting.VERIFY_CERTIFICATE, "false")
                    + "): any certificate is accepted, the connection can be intercepted");
        }
        if (!tls.verifyHostname()) {
            warn("TLS host name verification is OFF for " + peerName
                    + " (" + names.name(SettingNames.Setting.VERIFY_HOSTNAME, "false")
                    + "): a certificate for any name is accepted, the connection can be "
                    + "intercepted");
        }
    }

    private void warn(String text) {
        LOG.log(System.Logger.Level.WARNING, text);
        ex.listener().notice(text);
    }
}
