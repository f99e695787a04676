/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTests {

    @ParameterizedTest
    @ValueSource(ints = {3, 9, 40})
    void anEnvelopeKeepsEachAddressOnceInFirstOrderWithTheLastSettingsGiven(int n) {
        Envelope.Builder b = Envelope.builder().from("a@example.com");
        for (int i = 0; i < n; i++) {
            b.to("r" + i + "@example.com");
        }
        // The same addresses again, the middle one with DSN settings: it keeps its place.
        for (int i = 0; i < n; i++) {
            b.to("r" + i + "@example.com");
        }
        b.recipient(new Envelope.Recipient("r" + n / 2 + "@example.com", Set.of(DsnNotify.FAILURE), Optional.empty()));
        Envelope e = b.build();
        assertThat(e.recipientAddresses())
                .hasSize(n)
                .startsWith("r0@example.com")
                .endsWith("r" + (n - 1) + "@example.com");
        assertThat(e.recipients().get(n / 2).notifyOn()).containsExactly(DsnNotify.FAILURE);
        assertThat(e.recipients().get(0).notifyOn()).isEmpty();
    }

    @Test
    void enhancedStatusCodesAreReadAsRfc3463WritesThem() {
        assertThat(EnhancedStatusCode.parse("5.1.1 <x@example.com>: Recipient address rejected"))
                .contains(new EnhancedStatusCode(5, 1, 1));
        assertThat(EnhancedStatusCode.parse("2.0.0")).contains(new EnhancedStatusCode(2, 0, 0));
        assertThat(EnhancedStatusCode.parse("4.7.999\tgreylisted")).contains(new EnhancedStatusCode(4, 7, 999));
        for (String notOne : List.of(
                "",
                "5.1",
                "3.1.1 x",
                "5..1 x",
                "5.1. x",
                "5.1.1x",
                "5.1234.1 x",
                "5.1.1000 x",
                "Ok: queued",
                "25.1.1 x")) {
            assertThat(EnhancedStatusCode.parse(notOne)).as(notOne).isEmpty();
        }
    }

    @Test
    void capabilitiesMatchKeywordsCaseInsensitivelyAndReadLegacyAuth() {
        SmtpReply ehlo = SmtpReply.of(
                250,
                List.of(
                        "mx.example.com greets you",
                        "pipelining",
                        "Size 35882577",
                        "AUTH=LOGIN PLAIN",
                        "AUTH LOGIN CRAM-MD5",
                        "8BITMIME",
                        "ENHANCEDSTATUSCODES",
                        "DSN",
                        "SMTPUTF8",
                        "STARTTLS"));
        Capabilities caps = Capabilities.parse(ehlo);
        assertThat(caps.serverName()).isEqualTo("mx.example.com");
        assertThat(caps.supportsPipelining()).isTrue();
        assertThat(caps.supports("PIPELINING")).isTrue();
        assertThat(caps.sizeLimit()).hasValue(35882577L);
        assertThat(caps.authMechanisms()).containsExactly("LOGIN", "PLAIN", "CRAM-MD5");
        assertThat(caps.supports8BitMime()).isTrue();
        assertThat(caps.supportsEnhancedStatusCodes()).isTrue();
        assertThat(caps.supportsDsn()).isTrue();
        assertThat(caps.supportsSmtpUtf8()).isTrue();
        assertThat(caps.supportsStartTls()).isTrue();
        assertThat(caps.supports("CHUNKING")).isFalse();
        assertThat(caps.parameters("chunking")).isEmpty();
    }

    @Test
    void sizeWithoutLimitOrGarbageHasNoLimit() {
        assertThat(Capabilities.parse(SmtpReply.of(250, List.of("x", "SIZE"))).sizeLimit())
                .isEmpty();
        assertThat(Capabilities.parse(SmtpReply.of(250, List.of("x", "SIZE 0"))).sizeLimit())
                .isEmpty();
        assertThat(Capabilities.parse(SmtpReply.of(250, List.of("x", "SIZE lots")))
                        .sizeLimit())
                .isEmpty();
        assertThat(Capabilities.none().sizeLimit()).isEmpty();
    }

    @Test
    void enhancedStatusCodeIsReadOnlyWhenItsClassAgrees() {
        assertThat(SmtpReply.of(550, "5.1.1 User unknown").enhancedStatusCode())
                .contains(new EnhancedStatusCode(5, 1, 1));
        assertThat(SmtpReply.of(250, "5.1.1 odd").enhancedStatusCode()).isEmpty();
        assertThat(SmtpReply.of(250, "2.0.0").enhancedStatusCode())
                .map(Object::toString)
                .contains("2.0.0");
        assertThat(SmtpReply.of(250, "Ok").enhancedStatusCode()).isEmpty();
    }

    @Test
    void replyKeepsEveryLine() {
        SmtpReply r = SmtpReply.of(550, List.of("5.7.1 first", "second", "third"));
        assertThat(r.toString()).isEqualTo("550-5.7.1 first\n550-second\n550 third");
        assertThat(r.text()).isEqualTo("5.7.1 first\nsecond\nthird");
        assertThat(r.isPermanentNegative()).isTrue();
        assertThatThrownBy(() -> SmtpReply.of(600, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queueIdIsReadFromCommonServers() {
        assertThat(queueId("2.0.0 Ok: queued as 4Xd2Sj0fK9z1")).contains("4Xd2Sj0fK9z1");
        assertThat(queueId("OK id=1rXyZ-000Abc-7Q")).contains("1rXyZ-000Abc-7Q");
        assertThat(queueId("2.0.0 4BS9x2aB012345 Message accepted for delivery"))
                .contains("4BS9x2aB012345");
        assertThat(queueId("2.0.0 OK  1732800000 a1b2c3d4e5f6-12345v6.7 - gsmtp"))
                .contains("a1b2c3d4e5f6-12345v6.7");
        assertThat(queueId("OK")).isEmpty();
    }

    private static Optional<String> queueId(String text) {
        return new SendResult(List.of(), List.of(), SmtpReply.of(250, text)).queueId();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a@b.c>\r\nRCPT TO:<evil@x.y",
                "a@b.c\nDATA",
                "a@b.c\rx",
                "a b@c.d",
                "<a@b.c>",
                "a@b.c>",
                "a\u0000@b.c",
                "a\t@b.c",
                "a\u0085@b.c",
                "a\u2028@b.c"
            })
    void injectionIsRefusedBeforeAnythingIsWritten(String address) {
        assertThatThrownBy(() -> Envelope.of("from@example.com", address))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recipient")
                .hasMessageContaining("not allowed");
        assertThatThrownBy(() -> Envelope.of(address, "to@example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reverse path");
    }

    @Test
    void crlfInjectionMessageNamesTheCharacter() {
        assertThatThrownBy(() -> Envelope.of("a@b.c", "x@y.z\r\nQUIT"))
                .hasMessageContaining("carriage return (CR) at index 5");
    }

    @Test
    void envelopeRules() {
        assertThat(Envelope.of(Envelope.NULL_REVERSE_PATH, "a@b.c").reversePath())
                .isEmpty();
        assertThatThrownBy(() -> Envelope.of("a@b.c", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one recipient");
        assertThat(Envelope.of("a@b.c", "x@y.z", "x@y.z", "w@y.z").recipientAddresses())
                .containsExactly("x@y.z", "w@y.z");
        assertThat(Envelope.of("a@b.c", "ü@bücher.de").requiresSmtpUtf8()).isTrue();
        assertThat(Envelope.of("a@b.c", "x@y.z").requiresSmtpUtf8()).isFalse();
        assertThatThrownBy(() -> Envelope.builder().from("a@b.c").to("x@y.z").mailParameter("SIZE", "1"))
                .hasMessageContaining("set by netsmtp");
        assertThatThrownBy(() -> Envelope.builder().from("a@b.c").to("x@y.z").mailParameter("X-P", "a b"))
                .hasMessageContaining("a space");
        assertThatThrownBy(() ->
                        new Envelope.Recipient("x@y.z", Set.of(DsnNotify.NEVER, DsnNotify.FAILURE), Optional.empty()))
                .hasMessageContaining("NEVER");
        assertThatThrownBy(() -> SmtpSyntax.checkHelo("bad name")).hasMessageContaining("helo");
    }

    @Test
    void xtextEncodesPlusEqualsAndControls() {
        assertThat(SmtpSyntax.xtext("a+b=c d")).isEqualTo("a+2Bb+3Dc+20d");
    }

    @Test
    void repliesMapToNetSmtpErrorClasses() {
        assertThat(SmtpException.forReply("X", SmtpReply.of(451, "4.3.0 try later")))
                .isInstanceOf(SmtpServerBusyException.class)
                .matches(SmtpException::isTransient);
        assertThat(SmtpException.forReply("X", SmtpReply.of(421, "bye"))).isInstanceOf(SmtpServerBusyException.class);
        assertThat(SmtpException.forReply("X", SmtpReply.of(500, "what?"))).isInstanceOf(SmtpSyntaxException.class);
        assertThat(SmtpException.forReply("X", SmtpReply.of(504, "no"))).isInstanceOf(SmtpSyntaxException.class);
        assertThat(SmtpException.forReply("X", SmtpReply.of(535, "5.7.8 bad")))
                .isInstanceOf(SmtpAuthenticationException.class);
        SmtpException fatal = SmtpException.forReply("RCPT TO:<a@b.c>", SmtpReply.of(550, List.of("5.1.1 no", "more")));
        assertThat(fatal).isInstanceOf(SmtpFatalException.class);
        assertThat(fatal.isTransient()).isFalse();
        assertThat(fatal.replyCode()).isEqualTo(550);
        assertThat(fatal.enhancedStatusCode()).contains(new EnhancedStatusCode(5, 1, 1));
        assertThat(fatal.getMessage()).contains("RCPT TO:<a@b.c>", "550-5.1.1 no", "550 more");
        assertThat(SmtpException.forReply("DATA", SmtpReply.of(250, "ok")))
                .isInstanceOf(SmtpUnknownReplyException.class);
    }
}
