/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.testing.DovecotLmtp;
import dev.netsmtp.tls.TlsMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * LMTP (RFC 2033) against a real delivery agent, Dovecot's {@code lmtp}: LHLO, and one reply per
 * accepted recipient after the data, each in the result; what Dovecot stored is read back.
 */
@Timeout(120)
class DovecotLmtpIntegrationTests {

    private static DovecotLmtp dovecot;

    @BeforeAll
    static void startDovecot() throws Exception {
        DovecotLmtp.assumeAvailable();
        dovecot = DovecotLmtp.start();
    }

    @AfterAll
    static void stopDovecot() throws Exception {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    private static SmtpConfig.Builder lmtp() {
        return SmtpConfig.builder()
                .host("127.0.0.1")
                .port(dovecot.port())
                .lmtp(true)
                .tls(TlsMode.NONE)
                .helo("client.netsmtp.test")
                .readTimeout(Duration.ofSeconds(20));
    }

    private static String message(String subject, int size) {
        return "From: app@example.com\r\nTo: alice@example.com, tiny@example.com\r\nSubject: " + subject + "\r\n\r\n"
                + "x".repeat(size) + "\r\n";
    }

    @Test
    void eachRecipientGetsItsOwnReplyAfterTheData() throws Exception {
        int aliceBefore = dovecot.inbox("alice").size();
        List<String> transcript = new ArrayList<>();
        SendResult result;
        try (SmtpSession s = Smtp.start(lmtp().recipientPolicy(RecipientPolicy.PARTIAL)
                .transcript(transcript::add)
                .build())) {
            // Over tiny's 1 KB quota: Dovecot saves it for alice and refuses it for tiny, after the
            // data; an unknown user is refused at RCPT.
            result = s.sendMessage(
                    message("per recipient", 3000),
                    "app@example.com",
                    "alice@example.com",
                    "tiny@example.com",
                    "nobody@example.com");
        }
        assertThat(result.acceptedRecipients()).containsExactly("alice@example.com");
        assertThat(result.accepted().get(0).reply().toString()).contains("Saved");
        assertThat(result.rejectedRecipients()).containsExactlyInAnyOrder("tiny@example.com", "nobody@example.com");
        assertThat(result.rejected())
                .anySatisfy(r -> {
                    assertThat(r.recipient()).isEqualTo("tiny@example.com");
                    assertThat(r.reply().code()).isEqualTo(552);
                    assertThat(r.reply().toString()).contains("Quota exceeded");
                })
                .anySatisfy(r -> {
                    assertThat(r.recipient()).isEqualTo("nobody@example.com");
                    assertThat(r.reply().code()).isEqualTo(550);
                });
        assertThat(transcript).anyMatch(l -> l.contains("LHLO client.netsmtp.test"));
        List<byte[]> alice = dovecot.inbox("alice");
        assertThat(alice).hasSize(aliceBefore + 1);
        assertThat(new String(alice.get(alice.size() - 1), StandardCharsets.UTF_8))
                .contains("Subject: per recipient");
        assertThat(dovecot.log()).contains("lmtp(tiny)").contains("Quota exceeded");
    }

    @Test
    void whenEveryRecipientRefusesAfterTheDataTheSendFailsWithEachReply() throws Exception {
        try (SmtpSession s = Smtp.start(lmtp().build())) {
            assertThatThrownBy(() ->
                            s.sendMessage(message("too big for tiny", 3000), "app@example.com", "tiny@example.com"))
                    .isInstanceOfSatisfying(SmtpRecipientsRefusedException.class, e -> {
                        assertThat(e.refused()).hasSize(1);
                        assertThat(e.refused().get(0).reply().code()).isEqualTo(552);
                    });
            // The session goes on: a small message to both is delivered to both.
            SendResult ok =
                    s.sendMessage(message("small", 10), "app@example.com", "alice@example.com", "tiny@example.com");
            assertThat(ok.acceptedRecipients()).containsExactly("alice@example.com", "tiny@example.com");
        }
        assertThat(dovecot.inbox("tiny")).anySatisfy(m -> assertThat(new String(m, StandardCharsets.UTF_8))
                .contains("Subject: small"));
    }

    @Test
    void theStepApiReadsOneReplyPerAcceptedRecipient() throws Exception {
        try (SmtpSession s = Smtp.start(lmtp().build())) {
            s.mailFrom("app@example.com");
            s.rcptTo("alice@example.com");
            s.rcptTo("alice@example.com");
            assertThat(s.data(message("step", 10).getBytes(StandardCharsets.US_ASCII))
                            .code())
                    .isEqualTo(250);
            // In step with the server: the next command gets its own reply.
            assertThat(s.noop().code()).isEqualTo(250);
        }
    }
}
