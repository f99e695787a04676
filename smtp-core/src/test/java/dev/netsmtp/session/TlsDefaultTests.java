package dev.netsmtp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.testing.ScriptedSmtpServer;
import dev.netsmtp.tls.TlsMode;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With no TLS mode set, TLS is required off loopback (implicit on port 465) and opportunistic on
 * loopback, judged on the host name as configured; every test server listens on 127.0.0.1, so a
 * resolver gives a name that is not loopback the scripted server's address.
 */
class TlsDefaultTests {

    @Test
    void theDefaultFollowsTheHostName() {
        assertThat(mode("smtp.example.com", null)).isEqualTo(TlsMode.STARTTLS_REQUIRED);
        assertThat(mode("smtp.example.com", 465)).isEqualTo(TlsMode.IMPLICIT);
        assertThat(mode("192.0.2.25", null)).isEqualTo(TlsMode.STARTTLS_REQUIRED);
        for (String loopback : List.of(
                "localhost",
                "LOCALHOST",
                "mail.localhost",
                "127.0.0.1",
                "127.1.2.3",
                "::1",
                "[::1]",
                "0:0:0:0:0:0:0:1")) {
            assertThat(mode(loopback, null)).as(loopback).isEqualTo(TlsMode.STARTTLS);
        }
        assertThat(SmtpConfig.builder()
                        .host("smtp.example.com")
                        .tls(TlsMode.NONE)
                        .build()
                        .tls()
                        .mode())
                .as("said by name")
                .isEqualTo(TlsMode.NONE);
        // A copy keeps the mode unset, so it follows a new host.
        assertThat(SmtpConfig.builder().host("localhost").build().toBuilder()
                        .host("smtp.example.com")
                        .build()
                        .tls()
                        .mode())
                .isEqualTo(TlsMode.STARTTLS_REQUIRED);
    }

    private static TlsMode mode(String host, Integer port) {
        SmtpConfig.Builder b = SmtpConfig.builder().host(host);
        if (port != null) {
            b.port(port);
        }
        return b.build().tls().mode();
    }

    @Test
    void aServerThatIsNotOnLoopbackWithoutStartTlsFailsBeforeMailNamingTheSetting() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("PIPELINING");
            c.expect("QUIT");
            c.reply("221 bye");
        })) {
            SmtpConfig config = SmtpConfig.builder()
                    .host("relay.example.net")
                    .port(server.port())
                    .resolver(host -> List.of(InetAddress.getLoopbackAddress()))
                    .build();
            assertThatThrownBy(() -> Smtp.start(config))
                    .isInstanceOf(SmtpTlsException.class)
                    .hasMessageContaining("does not advertise STARTTLS")
                    .hasMessageContaining("smtp.tls.mode")
                    .hasMessageContaining("tls(TlsMode.NONE)");
            assertThat(server.conversations().get(0).lines()).noneMatch(l -> l.startsWith("MAIL"));
        }
    }

    @Test
    void aLoopbackServerWithoutStartTlsStillSends() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> c.deliversOneMessage())) {
            try (SmtpSession s = Smtp.start(
                    SmtpConfig.builder().host("127.0.0.1").port(server.port()).build())) {
                assertThat(s.isEncrypted()).isFalse();
                assertThat(s.sendMessage("Subject: x\r\n\r\nx\r\n", "a@example.com", "b@example.com")
                                .reply()
                                .code())
                        .isEqualTo(250);
            }
            server.verify();
        }
    }
}
