/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a token until shortly before it expires and gets the next one single-flight: the request
 * runs on a thread of its own, not the caller's, so a login whose bound passes stops waiting
 * without failing the request the other logins wait for.
 */
final class CachingTokenSource implements TokenSource {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private record Kept(AccessToken token, Instant gotAt) {}

    private final TokenSource source;
    private final Duration margin;
    private final Clock clock;
    private final Object lock = new Object();
    private @Nullable Kept kept;
    private @Nullable CompletableFuture<AccessToken> inFlight;

    CachingTokenSource(TokenSource source, Duration margin, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (margin.isNegative()) {
            throw new IllegalArgumentException("the token refresh margin must not be negative, was " + margin);
        }
        this.margin = margin;
    }

    @Override
    public AccessToken token() {
        CompletableFuture<AccessToken> request;
        synchronized (lock) {
            if (kept != null && fresh(kept)) {
                return kept.token();
            }
            if (inFlight == null) {
                CompletableFuture<AccessToken> started = new CompletableFuture<>();
                inFlight = started;
                Thread t = new Thread(() -> fetch(started), "netsmtp-token-refresh-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                t.start();
            }
            request = inFlight;
        }
        try {
            return request.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenSourceException("interrupted while waiting for the OAuth2 token", true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TokenSourceException t) {
                throw new TokenSourceException(String.valueOf(t.getMessage()), t.isTransient(), t);
            }
            throw new TokenSourceException(
                    "the token source failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                    true,
                    cause);
        }
    }

    private void fetch(CompletableFuture<AccessToken> request) {
        try {
            AccessToken token = source.token();
            if (token == null) {
                throw new TokenSourceException("the token source returned no token", true, null);
            }
            synchronized (lock) {
                kept = new Kept(token, clock.instant());
                inFlight = null;
            }
            request.complete(token);
        } catch (Throwable e) {
            synchronized (lock) {
                inFlight = null;
            }
            request.completeExceptionally(e);
        }
    }

    /**
     * Fresh until the margin before expiry, the margin capped at a tenth of the token's lifetime:
     * a login needs the token for a moment only (a session stays logged in after its token
     * expires), and a refused token is renewed anyway.
     */
    private boolean fresh(Kept k) {
        if (k.token().expiresAt().isEmpty()) {
            return true;
        }
        Instant expires = k.token().expiresAt().get();
        Duration lifetime = Duration.between(k.gotAt(), expires);
        Duration before = lifetime.isNegative() ? Duration.ZERO : lifetime.dividedBy(10);
        if (margin.compareTo(before) < 0) {
            before = margin;
        }
        return clock.instant().isBefore(expires.minus(before));
    }

    @Override
    public void refused(AccessToken token) {
        synchronized (lock) {
            if (kept != null && kept.token().sameValue(token)) {
                kept = null;
            }
        }
        source.refused(token);
    }

    @Override
    public String toString() {
        return "TokenSource.caching[" + source + ", margin " + margin + "]";
    }
}
