/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.EnhancedStatusCode;
import dev.netsmtp.IdempotencyKey;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser on reports built as RFC 3464 and RFC 6533 describe them (the real ones, from
 * Postfix, are in {@code PostfixDeliveryReportIntegrationTests}), on what is not a DSN, and on
 * thousands of broken ones: truncated, fields missing, huge headers, random bytes. Every input
 * gives a report or a reason; nothing escapes.
 */
class DeliveryReportsTests {

    private static final String KEY = "order-77";

    static String report(String contentTransferEncoding, String statusPart) {
        return "From: MAILER-DAEMON@mx.example\r\n"
                + "To: app@example.com\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status;\r\n"
                + "\tboundary=\"B1\"\r\n"
                + "\r\n"
                + "This is a MIME-encapsulated message.\r\n"
                + "\r\n"
                + "--B1\r\n"
                + "Content-Type: text/plain\r\n"
                + "\r\n"
                + "I'm sorry to have to inform you...\r\n"
                + "\r\n"
                + "--B1\r\n"
                + "Content-Type: message/delivery-status\r\n"
                + contentTransferEncoding
                + "\r\n"
                + statusPart
                + "\r\n"
                + "--B1\r\n"
                + "Content-Type: text/rfc822-headers\r\n"
                + "\r\n"
                + "From: app@example.com\r\n"
                + "Message-ID: <netsmtp.order-77@example.com>\r\n"
                + "Subject: your order\r\n"
                + "\r\n"
                + "--B1--\r\n";
    }

    static final String STATUS = "Reporting-MTA: dns; mx.example\r\n"
            + "Original-Envelope-Id: " + KEY + "\r\n"
            + "Arrival-Date: Mon, 7 Dec 2026 10:00:00 +0000\r\n"
            + "\r\n"
            + "Final-Recipient: rfc822; ann@example.net\r\n"
            + "Original-Recipient: rfc822;ann+2024@example.net\r\n"
            + "Action: failed\r\n"
            + "Status: 5.1.1\r\n"
            + "Remote-MTA: dns; mx.example.net\r\n"
            + "Diagnostic-Code: smtp; 550 5.1.1 <ann@example.net>:\r\n"
            + "    Recipient address rejected: User unknown\r\n"
            + "\r\n"
            + "Final-Recipient: rfc822; bob@example.net\r\n"
            + "Action: delayed (will keep trying)\r\n"
            + "Status: 4.4.1\r\n";

    @Test
    void aReportIsReadWithEveryFieldAndMapsToItsKey() {
        ReportReading reading = DeliveryReports.read(report("", STATUS).getBytes(StandardCharsets.US_ASCII));
        assertThat(reading).isInstanceOf(ReportReading.Report.class);
        DeliveryReport r = ((ReportReading.Report) reading).report();
        assertThat(r.envelopeId()).contains(KEY);
        assertThat(r.key()).contains(IdempotencyKey.of(KEY));
        assertThat(r.reportingMta()).contains("mx.example");
        assertThat(r.arrivalDate()).contains("Mon, 7 Dec 2026 10:00:00 +0000");
        assertThat(r.originalMessageId()).contains("<netsmtp.order-77@example.com>");
        assertThat(r.recipients()).hasSize(2);
        RecipientStatus ann = r.recipients().get(0);
        assertThat(ann.finalRecipient()).isEqualTo("ann@example.net");
        assertThat(ann.originalRecipient()).contains("ann+2024@example.net");
        assertThat(ann.action()).isEqualTo(Action.FAILED);
        assertThat(ann.status()).isEqualTo(new EnhancedStatusCode(5, 1, 1));
        assertThat(ann.remoteMta()).contains("mx.example.net");
        assertThat(ann.diagnosticCode())
                .hasValueSatisfying(
                        d -> assertThat(d).contains("550 5.1.1", "User unknown").doesNotContain("\n"));
        assertThat(r.recipients().get(1).action()).isEqualTo(Action.DELAYED);
    }

    @Test
    void eximsOwnReportIsReadAndMapsToItsKey() throws Exception {
        // Made by Exim 4.96 itself: see src/test/resources/dsn/README.md.
        byte[] exim;
        try (java.io.InputStream in = getClass().getResourceAsStream("/dsn/exim-4.96-failed.eml")) {
            exim = in.readAllBytes();
        }
        ReportReading reading = DeliveryReports.read(exim);
        assertThat(reading).isInstanceOf(ReportReading.Report.class);
        DeliveryReport r = ((ReportReading.Report) reading).report();
        assertThat(r.envelopeId()).contains("order-exim-1");
        assertThat(r.key()).contains(IdempotencyKey.of("order-exim-1"));
        assertThat(r.reportingMta()).contains("exim.test");
        assertThat(r.originalMessageId()).contains("<netsmtp.order-exim-1@example.com>");
        assertThat(r.recipients()).singleElement().satisfies(rcpt -> {
            assertThat(rcpt.action()).isEqualTo(Action.FAILED);
            assertThat(rcpt.status()).isEqualTo(new EnhancedStatusCode(5, 0, 0));
            assertThat(rcpt.finalRecipient()).isEqualTo("nobody@unknown.example.com");
            assertThat(rcpt.originalRecipient()).contains("nobody@unknown.example.com");
        });
    }

    @Test
    void theKeyComesFromTheMessageIdWhenTheReportHasNoEnvelopeId() {
        String status = STATUS.replace("Original-Envelope-Id: " + KEY + "\r\n", "");
        DeliveryReport r =
                ((ReportReading.Report) DeliveryReports.read(report("", status).getBytes())).report();
        assertThat(r.envelopeId()).isEmpty();
        assertThat(r.key()).contains(IdempotencyKey.of(KEY));
    }

    @Test
    void aBase64StatusPartAndAnInternationalisedReportAreRead() {
        String encoded = java.util.Base64.getMimeEncoder().encodeToString(STATUS.getBytes(StandardCharsets.US_ASCII));
        DeliveryReport r = ((ReportReading.Report)
                        DeliveryReports.read(report("Content-Transfer-Encoding: base64\r\n", encoded + "\r\n")
                                .getBytes()))
                .report();
        assertThat(r.recipients()).hasSize(2);
        // RFC 6533: message/global-delivery-status, UTF-8 and \x{..} escapes in utf-8 addresses.
        String global = report(
                        "",
                        "Reporting-MTA: dns; mx.example\r\n\r\n"
                                + "Final-Recipient: utf-8; 用户@例子.example\r\n"
                                + "Original-Recipient: utf-8; \\x{7528}\\x{6237}@example.com\r\n"
                                + "Action: delivered\r\nStatus: 2.0.0\r\n")
                .replace("report-type=delivery-status", "report-type=global-delivery-status")
                .replace("message/delivery-status", "message/global-delivery-status");
        DeliveryReport g =
                ((ReportReading.Report) DeliveryReports.read(global.getBytes(StandardCharsets.UTF_8))).report();
        assertThat(g.recipients().get(0).finalRecipient()).isEqualTo("用户@例子.example");
        assertThat(g.recipients().get(0).originalRecipient()).contains("用户@example.com");
        assertThat(g.recipients().get(0).action()).isEqualTo(Action.DELIVERED);
    }

    @Test
    void whatIsNotADsnSaysWhy() {
        assertThat(reason("From: a@b\r\nSubject: hi\r\n\r\nhello\r\n")).contains("not MIME");
        assertThat(reason("Content-Type: text/plain\r\n\r\nYour message could not be delivered\r\n"))
                .contains("text/plain, not multipart/report");
        assertThat(reason(report("", STATUS).replace("delivery-status;", "disposition-notification;")))
                .contains("not delivery-status");
        assertThat(reason(report("", STATUS).replace("message/delivery-status", "text/plain")))
                .contains("no message/delivery-status part");
        assertThat(reason(report("", STATUS.replace("Action: failed\r\n", "")))).contains("recipient 1 has no Action");
        assertThat(reason(report("", STATUS.replace("Status: 5.1.1", "Status: bounced"))))
                .contains("not an RFC 3463 code");
        assertThat(reason(report("", STATUS.replace("Action: failed", "Action: vanished"))))
                .contains("\"vanished\"");
        assertThat(reason(report("", "Reporting-MTA: dns; x\r\n"))).contains("no per-recipient fields");
        assertThat(reason(report("", STATUS).replace("boundary=\"B1\"", "boundary=\"ZZ\"")))
                .contains("boundary");
    }

    private static String reason(String message) {
        ReportReading r = DeliveryReports.read(message.getBytes(StandardCharsets.UTF_8));
        assertThat(r).isInstanceOf(ReportReading.NotADsn.class);
        return ((ReportReading.NotADsn) r).reason();
    }

    @Test
    void brokenReportsGiveAReadingAndNeverAnException() {
        byte[] good = report("", STATUS).getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(3464);
        for (int i = 0; i < 5000; i++) {
            byte[] input;
            switch (i % 5) {
                case 0 -> input = java.util.Arrays.copyOf(good, random.nextInt(good.length)); // truncated
                case 1 -> {
                    input = good.clone();
                    for (int j = 0; j < 1 + random.nextInt(20); j++) {
                        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> {
                    String s = report("", STATUS);
                    String[] lines = s.split("\r\n");
                    int drop = random.nextInt(lines.length);
                    StringBuilder b = new StringBuilder();
                    for (int j = 0; j < lines.length; j++) {
                        if (j != drop) {
                            b.append(lines[j]).append("\r\n");
                        }
                    }
                    input = b.toString().getBytes(StandardCharsets.US_ASCII);
                }
                case 3 -> {
                    byte[] noise = new byte[random.nextInt(4096)];
                    random.nextBytes(noise);
                    input = noise;
                }
                default -> input = ("X-Huge: " + "h".repeat(random.nextInt(200_000)) + "\r\n" + report("", STATUS))
                        .getBytes(StandardCharsets.US_ASCII);
            }
            ReportReading reading = DeliveryReports.read(input);
            assertThat(reading).isNotNull();
        }
        // Too large to read: refused before it is parsed.
        assertThat(DeliveryReports.read(new byte[DeliveryReports.MAX_SIZE + 1]))
                .isInstanceOf(ReportReading.NotADsn.class);
        // Nested deeper than the bound.
        StringBuilder nested = new StringBuilder(
                "Content-Type: multipart/report; report-type=delivery-status; " + "boundary=b0\r\n\r\n");
        for (int d = 1; d < 20; d++) {
            nested.append("--b")
                    .append(d - 1)
                    .append("\r\nContent-Type: multipart/mixed; boundary=b")
                    .append(d)
                    .append("\r\n\r\n");
        }
        assertThat(reason(nested.toString())).contains("nest deeper");
        // Fields without end.
        assertThat(reason(report("", STATUS.replace("Action: failed\r\n", "X-A: 1\r\n".repeat(2000)))))
                .contains("more than 1000 fields");
    }
}
