/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The caching source: one request for N waiting logins, renewal a margin before expiry (capped at
 * a tenth of the lifetime), a refused token forgotten, failures passed on with their transience, no
 * token in any text.
 */
@Timeout(30)
class CachingTokenSourceTests {

    private final MutableClock clock = new MutableClock();

    /** Hands out t1, t2, ... living the given time, after an optional wait; counts requests. */
    private static final class Issuer implements TokenSource {
        final AtomicInteger requests = new AtomicInteger();
        final List<AccessToken> told = new ArrayList<>();
        final MutableClock clock;
        final Duration lifetime;
        volatile CountDownLatch gate = new CountDownLatch(0);

        Issuer(MutableClock clock, Duration lifetime) {
            this.clock = clock;
            this.lifetime = lifetime;
        }

        @Override
        public AccessToken token() {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new TokenSourceException("interrupted", true, e);
            }
            return AccessToken.of(
                    "t" + requests.incrementAndGet(), clock.instant().plus(lifetime));
        }

        @Override
        public synchronized void refused(AccessToken token) {
            told.add(token);
        }
    }

    @Test
    void eightLoginsAtOnceWithAnExpiredTokenCauseOneRequest() throws Exception {
        Issuer issuer = new Issuer(clock, Duration.ofHours(1));
        TokenSource source = new CachingTokenSource(issuer, Duration.ofMinutes(1), clock);
        assertThat(source.token().value()).isEqualTo("t1");
        clock.advance(Duration.ofHours(2));
        issuer.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AccessToken>> got = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                got.add(pool.submit(source::token));
            }
            Thread.sleep(200);
            issuer.gate.countDown();
            for (Future<AccessToken> f : got) {
                assertThat(f.get(10, TimeUnit.SECONDS).value()).isEqualTo("t2");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(issuer.requests).hasValue(2);
    }

    @Test
    void aTokenIsKeptUntilTheMarginBeforeItsExpiry() {
        Issuer issuer = new Issuer(clock, Duration.ofHours(1));
        TokenSource source = new CachingTokenSource(issuer, Duration.ofMinutes(5), clock);
        assertThat(source.token().value()).isEqualTo("t1");
        clock.advance(Duration.ofMinutes(54));
        assertThat(source.token().value()).isEqualTo("t1");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(source.token().value()).isEqualTo("t2");
        assertThat(issuer.requests).hasValue(2);
    }

    @Test
    void aShortLivedTokenIsNotRenewedAtEveryLoginBecauseOfALongMargin() {
        // Two seconds of life and a one-minute margin: renewed a tenth before its end, not at once.
        Issuer issuer = new Issuer(clock, Duration.ofSeconds(2));
        TokenSource source = new CachingTokenSource(issuer, Duration.ofMinutes(1), clock);
        assertThat(source.token().value()).isEqualTo("t1");
        clock.advance(Duration.ofMillis(1700));
        assertThat(source.token().value()).isEqualTo("t1");
        clock.advance(Duration.ofMillis(200));
        assertThat(source.token().value()).isEqualTo("t2");
    }

    @Test
    void aRefusedTokenIsForgottenAndTheSourceIsTold() {
        Issuer issuer = new Issuer(clock, Duration.ofHours(1));
        TokenSource source = new CachingTokenSource(issuer, Duration.ofMinutes(1), clock);
        AccessToken first = source.token();
        source.refused(first);
        assertThat(source.token().value()).isEqualTo("t2");
        assertThat(issuer.told).containsExactly(first);
        // A late refusal of the old token does not throw away the new one.
        source.refused(first);
        assertThat(source.token().value()).isEqualTo("t2");
    }

    @Test
    void aFailureReachesEveryWaiterWithItsTransienceAndTheNextLoginAsksAgain() {
        AtomicInteger calls = new AtomicInteger();
        TokenSource failing = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new TokenSourceException("invalid_client", false, null);
            }
            return AccessToken.withoutExpiry("fine");
        };
        TokenSource source = new CachingTokenSource(failing, Duration.ofMinutes(1), clock);
        assertThatThrownBy(source::token)
                .isInstanceOf(TokenSourceException.class)
                .hasMessage("invalid_client")
                .matches(e -> !((TokenSourceException) e).isTransient());
        assertThat(source.token().value()).isEqualTo("fine");
        TokenSource broken = new CachingTokenSource(
                () -> {
                    throw new IllegalStateException("database down");
                },
                Duration.ZERO,
                clock);
        assertThatThrownBy(broken::token)
                .isInstanceOf(TokenSourceException.class)
                .hasMessageContaining("database down")
                .matches(e -> ((TokenSourceException) e).isTransient());
    }

    @Test
    void noTextShowsAToken() {
        AccessToken token = AccessToken.of("zq9-secret-token", Instant.parse("2026-12-07T11:00:00Z"));
        assertThat(token.toString()).doesNotContain("zq9").contains("2026-12-07T11:00:00Z");
        assertThat(TokenSource.fixed("zq9-secret-token").toString()).doesNotContain("zq9");
        assertThat(Credentials.oauth2("me", TokenSource.fixed("zq9-secret-token"))
                        .toString())
                .doesNotContain("zq9");
        assertThatThrownBy(() -> AccessToken.withoutExpiry("zq9\u0001x"))
                .hasMessageContaining("U+0001")
                .hasMessageNotContaining("zq9");
        assertThatThrownBy(() -> TokenSource.caching(TokenSource.fixed("x"), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("margin");
    }
}
