/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.tls.TlsMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The idempotency key's wire forms: the ENVID (xtext on the wire, {@code b64:} for what is not
 * printable ASCII, at most 100 characters) and the Message-ID, each read back to the same key;
 * over-long and control-character keys refused naming the problem; ENVID and ORCPT sent only to a
 * server that offers DSN; the key in the result and the error of a session's send.
 */
class IdempotencyKeyTests {

    @Test
    void everyFormReadsBackToTheSameKey() {
        for (String value : List.of(
                "order-42",
                "a+b=c",
                "b64:looks-encoded",
                "commande é",
                "注文-7",
                "x y",
                "a".repeat(100),
                "é".repeat(36))) {
            IdempotencyKey key = IdempotencyKey.of(value);
            assertThat(IdempotencyKey.fromEnvelopeId(key.envelopeId()))
                    .as(value)
                    .contains(key);
            assertThat(IdempotencyKey.fromMessageId(key.messageId("example.com")))
                    .as(value)
                    .contains(key);
            assertThat(SmtpSyntax.xtext(key.envelopeId()).length()).isLessThanOrEqualTo(100);
        }
        assertThat(IdempotencyKey.of("order-42").envelopeId()).isEqualTo("order-42");
        assertThat(IdempotencyKey.of("a+b=c").envelopeId()).isEqualTo("a+b=c");
        assertThat(SmtpSyntax.xtext("a+b=c")).isEqualTo("a+2Bb+3Dc");
        assertThat(IdempotencyKey.of("commande é").envelopeId()).startsWith("b64:");
        assertThat(IdempotencyKey.of("b64:looks-encoded").envelopeId())
                .startsWith("b64:")
                .isNotEqualTo("b64:looks-encoded");
        assertThat(IdempotencyKey.of("order-42").messageId("example.com")).isEqualTo("<netsmtp.order-42@example.com>");
        assertThat(IdempotencyKey.fromMessageId("<CAF=abc@mail.gmail.com>")).isEmpty();
        assertThat(IdempotencyKey.fromEnvelopeId("b64:!!")).isEmpty();
        assertThat(IdempotencyKey.generate()).isNotEqualTo(IdempotencyKey.generate());
        assertThat(IdempotencyKey.generate().value())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void keysThatCannotTravelAreRefusedNamingWhy() {
        assertThatThrownBy(() -> IdempotencyKey.of("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> IdempotencyKey.of("a".repeat(101)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("101 characters, over 100");
        // '+' and '=' take three characters each on the wire.
        assertThatThrownBy(() -> IdempotencyKey.of("+".repeat(34))).hasMessageContaining("102 characters");
        assertThatThrownBy(() -> IdempotencyKey.of("é".repeat(37))).hasMessageContaining("over 100");
        assertThatThrownBy(() -> IdempotencyKey.of("a\r\nMAIL FROM:<x>"))
                .hasMessageContaining("control character U+000D");
        assertThatThrownBy(() -> IdempotencyKey.of("k").messageId("bad domain")).hasMessageContaining("dot-atom");
    }

    @Test
    void theKeyGoesAsEnvidAndOrcptToADsnServerAndIsInTheResultAndTheError() throws Exception {
        IdempotencyKey key = IdempotencyKey.of("a+b=c");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startEach(
                c -> {
                    c.greetAndEhlo("DSN");
                    c.expect("MAIL FROM:<me@example.com> ENVID=a+2Bb+3Dc");
                    c.reply("250 ok");
                    c.expect("RCPT TO:<you@example.com> ORCPT=rfc822;you@example.com");
                    c.reply("250 ok");
                    c.expect("DATA");
                    c.reply("354 go");
                    c.expect("Subject: x");
                    c.expect("");
                    c.expect(".");
                    c.reply("250 queued as K1");
                    c.expect("MAIL FROM:<me@example.com> ENVID=a+2Bb+3Dc");
                    c.reply("550 5.7.1 no");
                    c.expect("QUIT");
                    c.reply("221 bye");
                },
                c -> {
                    // No DSN offered: neither ENVID nor ORCPT is sent (RFC 3461 section 4).
                    c.greetAndEhlo("PIPELINING");
                    c.expect("MAIL FROM:<me@example.com>");
                    c.reply("250 ok");
                    c.expect("RCPT TO:<you@example.com>");
                    c.reply("250 ok");
                    c.expect("DATA");
                    c.reply("354 go");
                    c.expect("Subject: x");
                    c.expect("");
                    c.expect(".");
                    c.reply("250 ok");
                    c.expect("QUIT");
                    c.reply("221 bye");
                })) {
            SmtpConfig config = SmtpConfig.builder()
                    .host(server.host())
                    .port(server.port())
                    .tls(TlsMode.NONE)
                    .chunking(false)
                    .readTimeout(Duration.ofSeconds(5))
                    .build();
            Envelope envelope = Envelope.builder()
                    .from("me@example.com")
                    .to("you@example.com")
                    .key(key)
                    .build();
            assertThat(envelope.toString()).contains("key=a+b=c");
            try (SmtpSession s = Smtp.start(config)) {
                SendResult result = s.sendMessage(envelope, "Subject: x\r\n\r\n".getBytes());
                assertThat(result.key()).contains(key);
                assertThatThrownBy(() -> s.sendMessage(envelope, "Subject: x\r\n\r\n".getBytes()))
                        .isInstanceOfSatisfying(SmtpException.class, e -> {
                            assertThat(e.key()).contains(key);
                            assertThat(e.toString()).contains("[key: a+b=c]");
                        });
            }
            try (SmtpSession s = Smtp.start(config)) {
                assertThat(s.sendMessage(envelope, "Subject: x\r\n\r\n".getBytes())
                                .key())
                        .contains(key);
            }
            server.verify();
        }
        assertThat(Envelope.of("a@b.example", "c@d.example").key()).isEqualTo(Optional.empty());
    }
}
