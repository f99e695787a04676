/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.SmtpConnectionException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpInterruptedException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.SmtpTimeoutException;
import dev.netsmtp.internal.IoTimeoutException;
import dev.netsmtp.internal.SmtpConnection;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/** The start of a session before TLS and AUTH: the connection, the greeting, EHLO or HELO (or LHLO). */
final class SessionOpening {

    /** What the hello said: the extensions, and whether the server speaks ESMTP. */
    record Hello(Capabilities capabilities, boolean esmtp) {}

    private SessionOpening() {}

    /** Resolves and connects within the connect timeout and the time limit; failures typed. */
    static SmtpConnection connect(SmtpConfig config, Exchange ex) {
        String where = config.host() + ":" + config.port();
        try {
            return SmtpConnection.connect(
                    config.host(),
                    config.port(),
                    config.resolver()::resolve,
                    config.connectTimeout(),
                    config.writeTimeout(),
                    ex.deadline());
        } catch (SocketTimeoutException e) {
            boolean byTimeLimit = e instanceof IoTimeoutException t && t.isDeadline() && ex.timeLimitValue() != null;
            String bound = byTimeLimit
                    ? "the time limit of " + ex.timeLimitValue()
                    : "the connect timeout of " + config.connectTimeout();
            throw new SmtpTimeoutException(
                    "could not connect to " + where + " within " + bound, null, null, e, byTimeLimit);
        } catch (InterruptedIOException e) {
            throw new SmtpInterruptedException("interrupted while connecting to " + where, e);
        } catch (IOException e) {
            throw new SmtpConnectionException("could not connect to " + where + ": " + e, null, null, e);
        }
    }

    /** Reads the greeting, which must be 220. */
    static SmtpReply greeting(Exchange ex, SmtpConfig config) {
        SmtpReply hello = ex.read("<greeting>");
        if (hello.code() != 220) {
            // RFC 5321 section 3.1: after a 554 greeting the client should still say QUIT.
            throw SmtpException.forReply("<greeting from " + config.host() + ":" + config.port() + ">", hello);
        }
        return hello;
    }

    /** EHLO, and HELO when the server refuses EHLO with 5xx (RFC 5321 section 4.1.4); LHLO over LMTP. */
    static Hello hello(Exchange ex, SmtpConfig config) {
        if (config.lmtp()) {
            // RFC 2033 section 4.1: LHLO, and no HELO to fall back to.
            return new Hello(Capabilities.parse(ex.expectOk("LHLO " + config.helo())), true);
        }
        String ehlo = "EHLO " + config.helo();
        SmtpReply reply = ex.call(ehlo);
        // RFC 5321 section 4.2.1: the first digit decides. A 2xx other than 250 (Net::SMTP's own
        // test server answers 220) is still a positive EHLO reply; what is sent stays strict.
        if (reply.isPositiveCompletion()) {
            return new Hello(Capabilities.parse(reply), true);
        }
        if (!reply.isPermanentNegative()) {
            throw SmtpException.forReply(ehlo, reply);
        }
        ex.listener().notice("EHLO refused with " + reply.code() + "; falling back to HELO");
        ex.expectOk("HELO " + config.helo());
        return new Hello(Capabilities.none(), false);
    }
}
