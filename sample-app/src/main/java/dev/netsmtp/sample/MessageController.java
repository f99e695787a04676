/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import dev.netsmtp.RecipientResult;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sends what the page posts and keeps what each send came to. The request is validated before
 * anything is composed; errors become problem details in {@link SampleProblems}.
 */
@RestController
public class MessageController {

    private final MailService mail;
    private final SendTranscripts transcripts;
    private final SendLog log;

    /**
     * Creates the controller.
     *
     * @param mail the mail service
     * @param transcripts records each send's transcript and connection
     * @param log the sends so far
     */
    public MessageController(MailService mail, SendTranscripts transcripts, SendLog log) {
        this.mail = mail;
        this.transcripts = transcripts;
        this.log = log;
    }

    /**
     * Sends a message and reports the server's answers, the connection, the transcript and the time.
     *
     * @param request the message
     * @return the report, when sent
     * @throws SendFailedException when not sent, or maybe not (502 with the report)
     */
    @PostMapping("/api/messages")
    public SendReport send(@Valid @RequestBody SendRequest request) {
        long start = System.nanoTime();
        SendTranscripts.Recorded<Optional<SendResult>> sent = transcripts.record(() -> switch (request.via()) {
            case TEMPLATE -> Optional.of(mail.sendWithTemplate(request));
            case JAVA_MAIL_SENDER -> {
                mail.sendWithJavaMailSender(request);
                yield Optional.<SendResult>empty(); // JavaMailSender returns nothing
            }
        });
        double millis = (System.nanoTime() - start) / 1_000_000.0;
        SendReport.@Nullable Connection connection =
                sent.session() == null ? null : SendReport.Connection.of(sent.session());
        Optional<SendResult> result = sent.result();
        if (result != null) {
            @Nullable SendResult r = result.orElse(null);
            return log.keep(new SendReport(
                    log.nextId(),
                    Instant.now().toString(),
                    request.subject(),
                    request.via(),
                    millis,
                    "sent",
                    r == null ? List.of() : r.acceptedRecipients(),
                    r == null ? List.of() : refusals(r.rejected()),
                    r == null ? null : r.reply().toString(),
                    r == null ? null : r.queueId().orElse(null),
                    null,
                    null,
                    connection,
                    sent.transcript()));
        }
        if (sent.error() == null) {
            throw new IllegalStateException("a send ended with neither a result nor an error");
        }
        RuntimeException error = SendFailedException.underlying(sent.error());
        if (error instanceof IllegalArgumentException bad) {
            throw bad; // refused before the wire: a 400, see SampleProblems
        }
        @Nullable SmtpException smtp = error instanceof SmtpException e ? e : null;
        SendReport report = log.keep(new SendReport(
                log.nextId(),
                Instant.now().toString(),
                request.subject(),
                request.via(),
                millis,
                error instanceof SmtpDeliveryUncertainException ? "uncertain" : "failed",
                List.of(),
                error instanceof SmtpRecipientsRefusedException refused ? refusals(refused.refused()) : List.of(),
                smtp == null ? null : smtp.reply().map(Object::toString).orElse(null),
                null,
                SendFailedException.summary(error),
                smtp == null ? null : smtp.isTransient(),
                connection,
                sent.transcript()));
        throw new SendFailedException(report, error);
    }

    /**
     * The sends since start, newest first (the last {@value SendLog#KEPT}), so a reload keeps them.
     *
     * @return the reports
     */
    @GetMapping("/api/results")
    public List<SendReport> results() {
        return log.reports();
    }

    private static List<SendReport.Refusal> refusals(List<RecipientResult> results) {
        return results.stream()
                .map(r -> new SendReport.Refusal(r.recipient(), r.reply().toString()))
                .toList();
    }
}
