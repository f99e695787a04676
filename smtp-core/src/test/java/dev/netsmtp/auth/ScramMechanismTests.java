/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SCRAM against the RFCs' own examples, and what it must refuse. */
class ScramMechanismTests {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void scramSha1MatchesRfc5802Section5() {
        SaslExchange x = new ScramMechanism("SHA-1", false, () -> "fyko+d2lbbFgONRv9qkxdawL")
                .start(Credentials.password("user", "pencil"));
        assertThat(text(x.initialResponse().orElseThrow())).isEqualTo("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
        byte[] clientFinal =
                x.evaluateChallenge(utf8("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
        assertThat(text(clientFinal))
                .isEqualTo("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
        assertThat(x.isComplete()).as("not before the server proved itself").isFalse();
        assertThat(x.evaluateChallenge(utf8("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="))).isEmpty();
        assertThat(x.isComplete()).isTrue();
    }

    @Test
    void scramSha256MatchesRfc7677Section3() {
        SaslExchange x = new ScramMechanism("SHA-256", false, () -> "rOprNGfwEbeRWgbNEkqO")
                .start(Credentials.password("user", "pencil"));
        assertThat(text(x.initialResponse().orElseThrow())).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        byte[] clientFinal = x.evaluateChallenge(
                utf8("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThat(text(clientFinal))
                .isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        x.evaluateChallenge(utf8("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
        assertThat(x.isComplete()).isTrue();
    }

    @Test
    void aServerThatDoesNotKnowThePasswordIsRefused() {
        SaslExchange x = new ScramMechanism("SHA-256", false, () -> "rOprNGfwEbeRWgbNEkqO")
                .start(Credentials.password("user", "pencil"));
        x.evaluateChallenge(
                utf8("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThatThrownBy(() ->
                        x.evaluateChallenge(utf8("v=" + Base64.getEncoder().encodeToString(new byte[32]))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not know the password");
        assertThat(x.isComplete()).isFalse();
    }

    @Test
    void aNonceThatDoesNotExtendOursOrTooFewIterationsAreRefused() {
        ScramMechanism m = new ScramMechanism("SHA-256", false, () -> "abc");
        assertThatThrownBy(() -> m.start(Credentials.password("u", "p")).evaluateChallenge(utf8("r=xyz,s=AAAA,i=4096")))
                .hasMessageContaining("nonce");
        assertThatThrownBy(() -> m.start(Credentials.password("u", "p")).evaluateChallenge(utf8("r=abcd,s=AAAA,i=1")))
                .hasMessageContaining("iterations");
        assertThatThrownBy(() -> m.start(Credentials.password("u", "p")).evaluateChallenge(utf8("r=abcd,i=4096")))
                .hasMessageContaining("'s'");
    }

    @Test
    void plusBindsTheChannelAndThePlainFormSaysItCouldHave() {
        ChannelBinding binding = new ChannelBinding(ChannelBinding.TLS_SERVER_END_POINT, new byte[] {1, 2, 3});
        SaslExchange plus = new ScramMechanism("SHA-256", true, () -> "nonce")
                .start(Credentials.password("user", "pencil"), Optional.of(binding));
        assertThat(text(plus.initialResponse().orElseThrow())).startsWith("p=tls-server-end-point,,n=user,r=nonce");
        String clientFinal = text(plus.evaluateChallenge(utf8("r=nonceSERVER,s=QSXCR+Q6sek8bf92,i=4096")));
        byte[] cbind = Base64.getDecoder().decode(clientFinal.substring(2, clientFinal.indexOf(',')));
        assertThat(cbind).endsWith(1, 2, 3).startsWith(utf8("p=tls-server-end-point,,"));

        SaslExchange y =
                AuthMechanism.SCRAM_SHA_256.start(Credentials.password("user", "pencil"), Optional.of(binding));
        assertThat(text(y.initialResponse().orElseThrow())).startsWith("y,,n=user,r=");
        assertThatThrownBy(() -> AuthMechanism.SCRAM_SHA_256_PLUS.start(Credentials.password("u", "p")))
                .isInstanceOf(IllegalStateException.class);
    }

    /** RFC 5802 section 6, every combination of what the server advertised and what was chosen. */
    @Test
    void theGs2FlagSaysWhatTheClientCanAndDoes() {
        ScramMechanism plain = new ScramMechanism("SHA-256", false);
        ScramMechanism plus = new ScramMechanism("SHA-256", true);
        Set<String> withPlus = Set.of("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS");
        Set<String> withoutPlus = Set.of("SCRAM-SHA-256");
        assertThat(plus.gs2(true, withPlus)).isEqualTo("p=tls-server-end-point,,");
        // Could bind, the server offers no -PLUS: "y" (a server that did offer one sees the downgrade).
        assertThat(plain.gs2(true, withoutPlus)).isEqualTo("y,,");
        // The plain form chosen although -PLUS was offered: "n", which the server must accept.
        assertThat(plain.gs2(true, withPlus)).isEqualTo("n,,");
        assertThat(plain.gs2(false, withPlus)).isEqualTo("n,,");
        assertThat(plain.gs2(false, withoutPlus)).isEqualTo("n,,");
    }

    @Test
    void anInterruptStopsTheKeyDerivationAtOnce() throws Exception {
        ScramMechanism m = new ScramMechanism("SHA-256", false, () -> "abc");
        SaslContext unbounded = new SaslContext() {
            @Override
            public Optional<ChannelBinding> channelBinding() {
                return Optional.empty();
            }

            @Override
            public Set<String> offered() {
                return Set.of();
            }

            @Override
            public int maxScramIterations() {
                return Integer.MAX_VALUE;
            }

            @Override
            public void checkBounds() {
                SaslContext.of(Optional.empty()).checkBounds();
            }
        };
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                m.start(Credentials.password("u", "p"), unbounded)
                        .evaluateChallenge(utf8("r=abcd,s=QSXCR+Q6sek8bf92,i=2147483647"));
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        });
        t.start();
        Thread.sleep(200);
        long start = System.nanoTime();
        t.interrupt();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
        assertThat(thrown.get()).isInstanceOf(dev.netsmtp.SmtpInterruptedException.class);
    }

    @Test
    void namesAreEscapedAsRfc5802Says() {
        SaslExchange x = new ScramMechanism("SHA-1", false, () -> "n").start(Credentials.password("a,b=c", "p"));
        assertThat(text(x.initialResponse().orElseThrow())).isEqualTo("n,,n=a=2Cb=3Dc,r=n");
    }

    @Test
    void scramIsChosenFirstThePlusFormOnlyWithChannelBinding() {
        Credentials pw = Credentials.password("u", "p");
        Set<String> all = Set.of("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS");
        assertThat(AuthMechanism.choose(all, pw, true, true)).contains(AuthMechanism.SCRAM_SHA_256_PLUS);
        assertThat(AuthMechanism.choose(all, pw, true, false)).contains(AuthMechanism.SCRAM_SHA_256);
        assertThat(AuthMechanism.choose(all, pw, false, false)).contains(AuthMechanism.SCRAM_SHA_256);
        assertThat(AuthMechanism.choose(Set.of("PLAIN", "SCRAM-SHA-1"), pw, true, true))
                .contains(AuthMechanism.SCRAM_SHA_1);
        assertThat(AuthMechanism.choose(Set.of("PLAIN", "LOGIN"), pw, true, true))
                .contains(AuthMechanism.PLAIN);
    }
}
