/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.DsnNotify;
import dev.netsmtp.DsnReturn;
import dev.netsmtp.EnhancedStatusCode;
import dev.netsmtp.Envelope;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.SendResult;
import dev.netsmtp.dsn.Action;
import dev.netsmtp.dsn.DeliveryReport;
import dev.netsmtp.dsn.DeliveryReports;
import dev.netsmtp.dsn.ReportReading;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real delivery reports from a real MTA: Postfix takes three messages sent with an idempotency
 * key (ENVID, ORCPT, NOTIFY=SUCCESS,FAILURE,DELAY, RET=HDRS), bounces one (error transport),
 * defers one (a delay notice after a second) and delivers one; its bounce and trace daemons send
 * RFC 3464 reports to the return path, which the test reads from the Maildir. The parser reads each
 * and the correlation gives back the key that sent it, for failed, delayed and delivered.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostfixDeliveryReportIntegrationTests {

    @RegisterExtension
    static final PostfixClients POSTFIX = new PostfixClients();

    private static DeliveryReport sendAndAwaitReport(IdempotencyKey key, String recipient, String reportText)
            throws Exception {
        String id = PostfixClients.id();
        Envelope envelope = Envelope.builder()
                .from("sender@example.com")
                .recipient(new Envelope.Recipient(
                        recipient, EnumSet.of(DsnNotify.SUCCESS, DsnNotify.FAILURE, DsnNotify.DELAY), Optional.empty()))
                .dsnReturn(DsnReturn.HDRS)
                .key(key)
                .build();
        try (SmtpSession s = Smtp.start(POSTFIX.plain().build())) {
            assertThat(s.capabilities().supportsDsn()).isTrue();
            SendResult result = s.sendMessage(
                    envelope, PostfixClients.message(id, "reconcile me\r\n").getBytes(StandardCharsets.UTF_8));
            assertThat(result.key()).contains(key);
        }
        // The report is delivered to the return path, sender@example.com, in the same Maildir.
        String report = POSTFIX.postfix()
                .awaitMessageContaining(
                        "Original-Envelope-Id: " + key.envelopeId() + "\n" + reportText, Duration.ofSeconds(60));
        ReportReading reading = DeliveryReports.read(report.getBytes(StandardCharsets.UTF_8));
        assertThat(reading).isInstanceOf(ReportReading.Report.class);
        DeliveryReport dsn = ((ReportReading.Report) reading).report();
        assertThat(dsn.key()).as("the key that sent it").contains(key);
        assertThat(dsn.envelopeId()).contains(key.envelopeId());
        assertThat(dsn.reportingMta()).contains("mail.test");
        assertThat(dsn.originalMessageId()).contains("<" + id + "@netsmtp.test>");
        assertThat(dsn.recipients()).hasSize(1);
        assertThat(dsn.recipients().get(0).finalRecipient()).isEqualTo(recipient);
        assertThat(dsn.recipients().get(0).originalRecipient())
                .as("ORCPT from the key")
                .contains(recipient);
        return dsn;
    }

    @Test
    void anUnknownUserBouncesWithAFailedReportThatNamesTheKey() throws Exception {
        IdempotencyKey key = IdempotencyKey.of("order-" + PostfixClients.id());
        DeliveryReport dsn = sendAndAwaitReport(key, "nobody@unknown.example.com", "");
        assertThat(dsn.recipients().get(0).action()).isEqualTo(Action.FAILED);
        assertThat(dsn.recipients().get(0).status()).isEqualTo(new EnhancedStatusCode(5, 1, 1));
        assertThat(dsn.recipients().get(0).diagnosticCode())
                .hasValueSatisfying(d -> assertThat(d).contains("no such user here"));
    }

    @Test
    void aDeferredRecipientGetsADelayedReportThatNamesTheKey() throws Exception {
        // A key that is not ASCII: the ENVID carries it as b64: and the report gives it back.
        IdempotencyKey key = IdempotencyKey.of("commande-é-" + PostfixClients.id());
        assertThat(key.envelopeId()).startsWith("b64:");
        DeliveryReport dsn = sendAndAwaitReport(key, "someone@later.example.com", "");
        assertThat(dsn.recipients().get(0).action()).isEqualTo(Action.DELAYED);
        assertThat(dsn.recipients().get(0).status().codeClass()).isEqualTo(4);
    }

    @Test
    void aDeliveredRecipientGetsASuccessReportThatNamesTheKey() throws Exception {
        // '+' and '=' travel xtext-encoded (RFC 3461 section 4) and come back as they were.
        IdempotencyKey key = IdempotencyKey.of("a+b=c-" + PostfixClients.id());
        DeliveryReport dsn = sendAndAwaitReport(key, "bob@example.com", "");
        assertThat(dsn.recipients().get(0).action()).isEqualTo(Action.DELIVERED);
        assertThat(dsn.recipients().get(0).status().codeClass()).isEqualTo(2);
    }
}
