/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import dev.netsmtp.Envelope;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.outbox.OutboxEntry;
import dev.netsmtp.outbox.OutboxState;
import dev.netsmtp.outbox.OutboxStatistics;
import dev.netsmtp.outbox.SmtpOutbox;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outbox on the sample's embedded H2 database: {@code POST /api/outbox} queues a message in a
 * transaction (sent by the workers afterwards), {@code GET /api/outbox} lists the messages by
 * state. The actuator endpoint {@code /actuator/smtpoutbox} shows the same to an operator.
 */
@RestController
public class OutboxController {

    private final SmtpOutbox outbox;
    private final MailService mail;

    /**
     * Creates the controller.
     *
     * @param outbox the auto-configured outbox
     * @param mail composes the message
     */
    public OutboxController(SmtpOutbox outbox, MailService mail) {
        this.outbox = outbox;
        this.mail = mail;
    }

    /**
     * A message to queue.
     *
     * @param key the idempotency key (an order number, say); a new one when absent
     * @param from the sender
     * @param to the recipients
     * @param subject the subject, one line
     * @param body the text
     */
    public record QueueRequest(
            @Nullable String key,
            @Nullable String from,
            @Nullable List<String> to,
            @Nullable String subject,
            @Nullable String body) {}

    /**
     * Queues a message.
     *
     * @param request the message
     * @return 202 with its key and where to see it
     */
    @PostMapping("/api/outbox")
    @Transactional
    public ResponseEntity<Map<String, Object>> queue(@RequestBody QueueRequest request) {
        String from = request.from() == null ? "" : request.from().trim();
        List<String> to = request.to() == null ? List.of() : request.to();
        if (to.isEmpty()) {
            throw new IllegalArgumentException("to: at least one recipient");
        }
        Envelope.Builder envelope = Envelope.builder()
                .from(Mailbox.parse("from", from).address())
                .to(to.stream().map(t -> Mailbox.parse("to", t).address()).toList());
        if (request.key() != null && !request.key().isBlank()) {
            envelope.key(IdempotencyKey.of(request.key()));
        }
        byte[] content = mail.compose(
                from,
                to,
                request.subject() == null ? "" : request.subject(),
                request.body() == null ? "" : request.body());
        IdempotencyKey key = outbox.enqueue(envelope.build(), content);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", key.value());
        out.put(
                "state",
                outbox.find(key)
                        .map(e -> e.state().name().toLowerCase(Locale.ROOT))
                        .orElse("pending"));
        return ResponseEntity.accepted().location(URI.create("/api/outbox")).body(out);
    }

    /**
     * Lists the outbox by state: the counts, and the 20 oldest messages of each state.
     *
     * @return the listing
     */
    @GetMapping("/api/outbox")
    public Map<String, Object> list() {
        OutboxStatistics s = outbox.statistics();
        Map<String, Object> out = new LinkedHashMap<>();
        for (OutboxState state : OutboxState.values()) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("count", s.count(state));
            part.put(
                    "messages",
                    outbox.list(state, 20).stream().map(OutboxController::view).toList());
            out.put(state.name().toLowerCase(Locale.ROOT), part);
        }
        return out;
    }

    private static Map<String, Object> view(OutboxEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", e.key().value());
        m.put("to", e.recipients());
        m.put("attempts", e.attempts());
        m.put("created", e.created().toString());
        m.put("lastReply", e.lastReply().orElse(""));
        return m;
    }

    /** An argument the outbox refused (an address, the key, the subject): 400 with the reason. */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> refused(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid message");
        problem.setType(URI.create("https://netsmtp.dev/problems/invalid-field"));
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
