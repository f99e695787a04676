/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.testing.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;

/** Text from a server never reaches an exception message raw, and a null password is refused before any connection. */
class LogSafetyTests {

    @Test
    void aReplyWithControlCharactersIsEscapedInTheExceptionMessage() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo();
            c.expect("MAIL FROM:");
            c.raw("550-5.7.1 no\u001b[2J\r2026-12-01 INFO forged log line\r\n550 5.7.1 \u0085end\r\n");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            try (SmtpSession s = Smtp.start(server.config().build())) {
                assertThatThrownBy(() -> s.sendMessage("Subject: t\r\n\r\nhi\r\n", "a@b.example", "x@y.example"))
                        .isInstanceOf(SmtpException.class)
                        .satisfies(e -> {
                            String m = e.getMessage();
                            assertThat(m).doesNotContain("\u001b", "\r", "\n", "\u0085");
                            assertThat(m).contains("\\x1B[2J\\x0D2026-12-01 INFO forged log line", "\\x85end");
                            assertThat(((SmtpException) e)
                                            .reply()
                                            .orElseThrow()
                                            .lines()
                                            .get(0))
                                    .as("the reply itself keeps the server's exact text")
                                    .contains("\u001b");
                        });
            }
            server.verify();
        }
    }

    @Test
    void printableEscapesEveryControlCharacterAndLeavesTheRest() {
        assertThat(SmtpSyntax.printable("plain text, ümlaut")).isEqualTo("plain text, ümlaut");
        assertThat(SmtpSyntax.printable("a\nb\u0000c\u007f")).isEqualTo("a\\x0Ab\\x00c\\x7F");
    }

    @Test
    void aNullPasswordIsRefusedWhenItIsGivenNotWhenConnecting() {
        String unset = System.getenv("NETSMTP_SURELY_UNSET_VARIABLE");
        assertThatThrownBy(() -> SmtpConfig.builder().host("127.0.0.1").auth("app@example.com", unset))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password")
                .hasMessageContaining("unset");
    }
}
