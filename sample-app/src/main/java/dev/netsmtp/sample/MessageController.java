/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
// Past ~400 lines for now: the JSON API's endpoints and their problem details in one place, one
// validation for the page and the API. Issue 32's rework (validated request records, problem
// details in an advice) splits it.
package dev.netsmtp.sample;

import dev.netsmtp.RecipientResult;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.autoconfigure.SmtpProperties;
import dev.netsmtp.pool.PoolStats;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON API the page uses. Bad input and SMTP failures are RFC 9457 problem details naming
 * the field, or carrying the server's reply; the page shows exactly what the API says.
 */
@RestController
public class MessageController {

    private static final int KEPT_RESULTS = 20;

    private final MailService mail;
    private final SendTranscripts transcripts;
    private final ObjectProvider<Inbox> embedded;
    private final ObjectProvider<PooledSmtpSessionFactory> pool;
    private final ObjectProvider<MeterRegistry> meters;
    private final SmtpProperties properties;
    private final Deque<Map<String, Object>> results = new ArrayDeque<>();
    private final AtomicInteger sends = new AtomicInteger();

    /**
     * Creates the controller.
     *
     * @param mail the mail service
     * @param transcripts records each send's transcript
     * @param embedded the embedded server, when running
     * @param pool the pooled session factory, for its state
     * @param meters the meter registry, for the send metrics
     * @param properties the smtp.* settings, to say where mail goes
     */
    public MessageController(
            MailService mail,
            SendTranscripts transcripts,
            ObjectProvider<Inbox> embedded,
            ObjectProvider<PooledSmtpSessionFactory> pool,
            ObjectProvider<MeterRegistry> meters,
            SmtpProperties properties) {
        this.mail = mail;
        this.transcripts = transcripts;
        this.embedded = embedded;
        this.pool = pool;
        this.meters = meters;
        this.properties = properties;
    }

    /**
     * A message to send.
     *
     * @param from the sender
     * @param to recipients: a string (separated by commas, semicolons or spaces) or an array
     * @param subject the subject, one line
     * @param body the text
     */
    public record SendRequest(
            @Nullable String from, @Nullable Object to, @Nullable String subject, @Nullable String body) {}

    /** A field the request got wrong. */
    static final class BadField extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;

        BadField(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    /**
     * Sends a message and reports the server's answers, the transcript and the time taken.
     *
     * @param request the message
     * @return 200 with the result; a problem detail otherwise (400 naming the field, 502 with the reply)
     */
    @PostMapping("/api/messages")
    public ResponseEntity<?> send(@RequestBody SendRequest request) {
        String from = request.from() == null ? "" : request.from().trim();
        List<String> to = recipients(request.to());
        String subject = request.subject() == null ? "" : request.subject();
        validate(from, to, subject);
        long start = System.nanoTime();
        SendTranscripts.Recorded<SendResult> sent =
                transcripts.record(() -> mail.send(from, to, subject, request.body() == null ? "" : request.body()));
        double millis = (System.nanoTime() - start) / 1_000_000.0;
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", sends.incrementAndGet());
        entry.put("at", Instant.now().toString());
        entry.put("subject", subject);
        entry.put("millis", millis);
        entry.put("transcript", sent.transcript());
        SendResult result = sent.result();
        if (result != null) {
            entry.put("outcome", "sent");
            entry.put("accepted", result.acceptedRecipients());
            entry.put("rejected", replies(result.rejected()));
            entry.put("reply", result.reply().toString());
            entry.put("queueId", result.queueId().orElse(""));
            keep(entry);
            return ResponseEntity.ok(entry);
        }
        RuntimeException error = sent.error();
        if (error == null) {
            throw new IllegalStateException("a send ended with neither a result nor an error");
        }
        if (error instanceof IllegalArgumentException bad) {
            throw new BadField("to", String.valueOf(bad.getMessage()));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, summary(error));
        problem.setTitle(title(error));
        problem.setType(URI.create("https://netsmtp.dev/problems/smtp"));
        entry.put("outcome", error instanceof SmtpDeliveryUncertainException ? "uncertain" : "failed");
        entry.put("error", summary(error));
        if (error instanceof SmtpException smtp) {
            smtp.reply().ifPresent(r -> entry.put("reply", r.toString()));
            entry.put("transient", smtp.isTransient());
        }
        if (error instanceof SmtpRecipientsRefusedException refused) {
            entry.put("rejected", replies(refused.refused()));
        }
        keep(entry);
        entry.forEach(problem::setProperty);
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * The sends since start, newest first (the last {@value #KEPT_RESULTS}), so a reload keeps them.
     *
     * @return the results
     */
    @GetMapping("/api/results")
    public List<Map<String, Object>> results() {
        synchronized (results) {
            return new ArrayList<>(results);
        }
    }

    /**
     * Where mail goes, and what the embedded server received (newest first).
     *
     * @return {@code mode}, {@code server} and {@code messages}
     */
    @GetMapping("/api/messages")
    public Map<String, Object> inbox() {
        Inbox server = embeddedInUse();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("embedded", server != null);
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("host", properties.host() == null ? "" : properties.host());
        // What the core makes of smtp.*: the port and the TLS mode it defaults to for this host
        // (465 with implicit TLS; TLS required off loopback).
        String host = properties.host() == null ? "localhost" : properties.host();
        dev.netsmtp.session.SmtpConfig.Builder b =
                dev.netsmtp.session.SmtpConfig.builder().host(host);
        if (properties.port() != null) {
            b.port(properties.port());
        }
        if (properties.tls().mode() != null) {
            b.tls(properties.tls().mode());
        }
        dev.netsmtp.session.SmtpConfig effective = b.build();
        where.put("port", effective.port());
        dev.netsmtp.tls.TlsMode mode = effective.tls().mode();
        where.put("tls", mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        out.put("server", where);
        out.put("messages", server == null ? List.of() : server.messages());
        return out;
    }

    /**
     * One received message exactly as it arrived.
     *
     * @param index the message's index in the inbox
     * @return the bytes as text, or 404
     */
    @GetMapping(value = "/api/messages/{index}/raw", produces = "text/plain;charset=UTF-8")
    public ResponseEntity<byte[]> raw(@PathVariable int index) {
        Inbox server = embeddedInUse();
        if (server == null) {
            return ResponseEntity.notFound().build();
        }
        return server.raw(index).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound()
                .build());
    }

    /**
     * The pool's state and the send metrics, for the page's live panel.
     *
     * @return pool and message counts
     */
    @GetMapping("/api/status")
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        PooledSmtpSessionFactory factory = pool.getIfAvailable();
        if (factory != null) {
            PoolStats s = factory.stats();
            out.put(
                    "pool",
                    Map.of(
                            "active", s.active(),
                            "idle", s.idle(),
                            "created", s.created(),
                            "borrowed", s.borrowed(),
                            "maxTotal", s.maxTotal()));
        }
        Map<String, Object> messages = new LinkedHashMap<>();
        MeterRegistry registry = meters.getIfAvailable();
        for (String outcome : List.of("sent", "failed", "uncertain")) {
            double n = 0;
            if (registry != null) {
                // Each send's observation, timed by Boot's metrics: one timer per outcome.
                for (Timer t : registry.find("smtp.client.send")
                        .tag("smtp.outcome", outcome)
                        .timers()) {
                    n += t.count();
                }
            }
            messages.put(outcome, (long) n);
        }
        out.put("messages", messages);
        return out;
    }

    /** Who stopped the message: the server's reply, the client, or nobody knows (uncertain). */
    static String title(RuntimeException error) {
        if (error instanceof SmtpDeliveryUncertainException) {
            return "The message may have been delivered";
        }
        if (error instanceof SmtpException smtp && smtp.reply().isPresent()) {
            return "The SMTP server did not take the message";
        }
        return "The message was not sent";
    }

    /** The reason in a line for a person: the server's reply, or the error without its envelope. */
    static String summary(RuntimeException error) {
        if (error instanceof SmtpException smtp
                && smtp.reply().isPresent()
                && !(error instanceof SmtpDeliveryUncertainException)) {
            return smtp.reply().get().toString();
        }
        String message = String.valueOf(error.getMessage());
        int envelope = message.indexOf(" Envelope[");
        return (envelope >= 0 ? message.substring(0, envelope) : message).strip();
    }

    /** A field error: 400, the field named. */
    @ExceptionHandler(BadField.class)
    ResponseEntity<ProblemDetail> badField(BadField e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid " + e.field);
        problem.setType(URI.create("https://netsmtp.dev/problems/invalid-field"));
        problem.setProperty("field", e.field);
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** A body in another media type (a form post, say): 415, as problem details like every error. */
    @ExceptionHandler(org.springframework.web.HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupported(org.springframework.web.HttpMediaTypeNotSupportedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "the API takes application/json, not "
                        + (e.getContentType() == null ? "a body without a type" : e.getContentType()));
        problem.setTitle("Unsupported media type");
        problem.setType(URI.create("https://netsmtp.dev/problems/unsupported-media-type"));
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** A body that is not the JSON the API takes: 400, with the reason. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "the request body is not a message as JSON ({\"from\", \"to\", \"subject\", \"body\"}): "
                        + SmtpSyntax.printable(firstLine(String.valueOf(cause.getMessage()))));
        problem.setTitle("Unreadable request");
        problem.setType(URI.create("https://netsmtp.dev/problems/unreadable"));
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The embedded server, when smtp.* points at it (a test may point it elsewhere). */
    private @Nullable Inbox embeddedInUse() {
        Inbox server = embedded.getIfAvailable();
        if (server == null) {
            return null;
        }
        Integer port = properties.port();
        return port != null && port == server.port() ? server : null;
    }

    private static List<String> recipients(@Nullable Object to) {
        if (to == null) {
            return List.of();
        }
        if (to instanceof String s) {
            return split(s);
        }
        if (to instanceof Collection<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new BadField("to", "'to' holds something that is not an address: " + o);
                }
                out.addAll(split(s));
            }
            return out;
        }
        throw new BadField("to", "'to' must be a string or an array of strings");
    }

    /** Splits on commas and semicolons outside quotes: {@code "Lee, Ann" <ann@example.com>, bob@example.com}. */
    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && (c == ',' || c == ';')) {
                if (!part.toString().isBlank()) {
                    out.add(part.toString().strip());
                }
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (!part.toString().isBlank()) {
            out.add(part.toString().strip());
        }
        return out;
    }

    /** The one validation, for the page and the API alike. */
    private static void validate(String from, List<String> to, String subject) {
        if (from.isEmpty()) {
            throw new BadField("from", "give the sender's address");
        }
        check("from", from);
        if (to.isEmpty()) {
            throw new BadField("to", "give at least one recipient");
        }
        for (String address : to) {
            check("to", address);
        }
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new BadField("subject", "the subject must be one line (it has a line break)");
        }
    }

    private static void check(String field, String mailbox) {
        try {
            Mailbox.parse(field, mailbox);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            throw new BadField(
                    field, message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message);
        }
    }

    private static List<Map<String, String>> replies(List<RecipientResult> results) {
        return results.stream()
                .map(r -> Map.of("recipient", r.recipient(), "reply", r.reply().toString()))
                .toList();
    }

    private void keep(Map<String, Object> entry) {
        synchronized (results) {
            results.addFirst(entry);
            while (results.size() > KEPT_RESULTS) {
                results.removeLast();
            }
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
