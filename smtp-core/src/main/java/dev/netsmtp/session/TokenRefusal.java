/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.BearerTokenStatus;
import dev.netsmtp.SmtpAuthenticationException;
import dev.netsmtp.SmtpReply;
import dev.netsmtp.auth.AccessToken;
import dev.netsmtp.auth.TokenSource;
import org.jspecify.annotations.Nullable;

/**
 * Between {@link Authentication} and {@link DefaultSmtpSession#start()}: the server refused an
 * OAuth2 token (535 after XOAUTH2 or OAUTHBEARER). The session tells the source, gets a new token
 * and logs in once more on a new connection; a second refusal is {@link #failure(String)},
 * permanent. Never leaves the package.
 */
final class TokenRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient TokenSource source;
    private final transient AccessToken token;
    private final String command;
    private final SmtpReply reply;
    private final @Nullable BearerTokenStatus status;

    TokenRefusal(
            TokenSource source,
            AccessToken token,
            String message,
            String command,
            SmtpReply reply,
            @Nullable BearerTokenStatus status) {
        super(message, null, false, false);
        this.source = source;
        this.token = token;
        this.command = command;
        this.reply = reply;
        this.status = status;
    }

    TokenSource source() {
        return source;
    }

    AccessToken token() {
        return token;
    }

    /** The permanent failure, with what the session did after the first refusal. */
    SmtpAuthenticationException failure(String after) {
        return new SmtpAuthenticationException(getMessage() + after, command, reply, status);
    }
}
