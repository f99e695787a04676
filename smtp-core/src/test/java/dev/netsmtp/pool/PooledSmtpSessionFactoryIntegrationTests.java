/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.netsmtp.SmtpPoolExhaustedException;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.testing.Await;
import dev.netsmtp.testing.ConnectionCounter;
import dev.netsmtp.testing.MutableClock;
import dev.netsmtp.testing.ScriptedSmtpServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PooledSmtpSessionFactoryIntegrationTests {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String MSG = "Subject: pooled\r\n\r\nbody\r\n";

    private static SmtpConfig config(ConnectionCounter counter) {
        return counter.countingConfig(greenMail.getSmtp().getPort());
    }

    @Test
    void sessionsAreReusedAndCappedByMessageCount() {
        ConnectionCounter counter = new ConnectionCounter();
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                config(counter),
                PoolConfig.builder().maxTotal(2).maxMessagesPerSession(3).build())) {
            for (int i = 0; i < 7; i++) {
                try (SmtpSession s = pool.getSession()) {
                    s.sendMessage(MSG, "a@example.com", "b@example.com");
                }
            }
            assertThat(counter.opened()).as("3 + 3 + 1 messages").isEqualTo(3);
            assertThat(pool.stats().borrowed()).isEqualTo(7);
        }
        assertThat(counter.open()).isZero();
        assertThat(greenMail.getReceivedMessages()).hasSize(7);
    }

    @Test
    void aSessionLeftInATransactionIsResetBeforeReuse() {
        ConnectionCounter counter = new ConnectionCounter();
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(config(counter), PoolConfig.defaults())) {
            try (SmtpSession s = pool.getSession()) {
                s.mailFrom("a@example.com");
            }
            try (SmtpSession s = pool.getSession()) {
                // A transaction still open would make this throw "a mail transaction is already open".
                s.sendMessage(MSG, "a@example.com", "b@example.com");
            }
            assertThat(counter.opened()).isEqualTo(1);
        }
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void exhaustionGivesAClearErrorAndCloseLeavesNoSocketOpen() {
        ConnectionCounter counter = new ConnectionCounter();
        PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                config(counter),
                PoolConfig.builder().maxTotal(1).maxWait(Duration.ofMillis(200)).build());
        SmtpSession held = pool.getSession();
        assertThatThrownBy(pool::getSession)
                .isInstanceOf(SmtpPoolExhaustedException.class)
                .hasMessageContaining("all 1 sessions")
                .hasMessageContaining("maxTotal")
                .hasMessageContaining("PT0.2S");
        held.close();
        assertThatThrownBy(held::noop).isInstanceOf(IllegalStateException.class).hasMessageContaining("given back");
        assertThat(pool.stats().idle()).isEqualTo(1);
        pool.close();
        assertThat(counter.open()).isZero();
        assertThat(pool.stats().destroyed()).isEqualTo(1);
        assertThatThrownBy(pool::getSession)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void evictorClosesIdleAndOldSessionsByThePoolsClock() throws Exception {
        ConnectionCounter counter = new ConnectionCounter();
        MutableClock clock = new MutableClock();
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                config(counter),
                PoolConfig.builder()
                        .idleTimeout(Duration.ofSeconds(60))
                        .maxLifetime(Duration.ofMinutes(5))
                        .clock(clock)
                        .build())) {
            pool.getSession().close();
            clock.advance(Duration.ofSeconds(59));
            pool.evictNow();
            assertThat(pool.stats().idle()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(2));
            pool.evictNow();
            assertThat(pool.stats().idle()).isZero();
            Await.until(() -> counter.open() == 0); // the evictor hands the QUIT to the closer's thread

            SmtpSession s = pool.getSession();
            clock.advance(Duration.ofMinutes(6));
            s.close(); // past its lifetime: closed (QUIT on the closer's thread), not returned
            Await.until(() -> counter.open() == 0 && pool.stats().active() == 0);
            assertThat(pool.stats().idle()).isZero();
        }
    }

    @Test
    void aSessionIdlePastTheValidationTimeIsCheckedWithNoop() throws Exception {
        MutableClock clock = new MutableClock();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    c.greetAndEhlo();
                    c.close(); // the server drops the idle connection
                },
                c -> {
                    c.greetAndEhlo();
                    c.expect("NOOP");
                    c.reply("250 ok");
                    c.expect("QUIT");
                    c.reply("221 bye");
                })) {
            SmtpConfig cfg =
                    SmtpConfig.builder().host(server.host()).port(server.port()).build();
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    cfg,
                    PoolConfig.builder()
                            .idleValidationAfter(Duration.ofSeconds(10))
                            .clock(clock)
                            .build())) {
                pool.getSession().close();
                clock.advance(Duration.ofSeconds(11));
                try (SmtpSession s = pool.getSession()) {
                    assertThat(s.noop().code()).isEqualTo(250);
                }
                assertThat(pool.stats().created()).isEqualTo(2);
                assertThat(pool.stats().destroyed()).isEqualTo(1);
            }
            server.verify();
        }
    }
}
