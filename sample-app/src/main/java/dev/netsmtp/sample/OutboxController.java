/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.outbox.OutboxEntry;
import dev.netsmtp.outbox.OutboxState;
import dev.netsmtp.outbox.OutboxStatistics;
import dev.netsmtp.outbox.SmtpOutbox;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
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
     * A message to queue: {@link SendRequest}'s fields and checks, with a key.
     *
     * @param key the idempotency key (an order number, say); a new one when absent
     * @param from the sender
     * @param to the recipients
     * @param subject the subject, one line
     * @param body the text
     */
    public record QueueRequest(
            @Nullable String key,
            @NotBlank(message = "give the sender's address") @ValidMailbox String from,
            @NotEmpty(message = "give at least one recipient")
                    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                    List<@ValidMailbox String> to,
            @Pattern(regexp = "[^\\r\\n]*", message = "the subject must be one line (it has a line break)") @Nullable
                    String subject,
            @Nullable String body) {

        /**
         * Takes what was sent as {@link SendRequest} does: trimmed, recipients split on commas.
         *
         * @param key the key
         * @param from the sender
         * @param to the recipients
         * @param subject the subject
         * @param body the text
         */
        public QueueRequest {
            from = from == null ? "" : from.strip();
            to = to == null
                    ? List.of()
                    : to.stream().flatMap(t -> SendRequest.split(t).stream()).toList();
        }

        SendRequest message() {
            return new SendRequest(from, to, subject, body, SendRequest.Via.TEMPLATE);
        }
    }

    /**
     * A queued message.
     *
     * @param key its key
     * @param state its state now, e.g. {@code pending}
     */
    public record Queued(String key, String state) {}

    /**
     * One state's part of the listing.
     *
     * @param count how many messages are in it
     * @param messages the oldest of them, up to 20
     */
    public record StateListing(long count, List<Entry> messages) {}

    /**
     * A message in the outbox.
     *
     * @param key its key
     * @param to its recipients
     * @param attempts how many attempts were made
     * @param created when it was queued
     * @param lastReply the server's last reply, empty before any
     */
    public record Entry(String key, List<String> to, int attempts, String created, String lastReply) {

        static Entry of(OutboxEntry e) {
            return new Entry(
                    e.key().value(),
                    e.recipients(),
                    e.attempts(),
                    e.created().toString(),
                    e.lastReply().orElse(""));
        }
    }

    /**
     * Queues a message.
     *
     * @param request the message
     * @return 202 with its key and where to see it
     */
    @PostMapping("/api/outbox")
    @Transactional
    public ResponseEntity<Queued> queue(@Valid @RequestBody QueueRequest request) {
        IdempotencyKey key = request.key() == null || request.key().isBlank()
                ? IdempotencyKey.generate()
                : IdempotencyKey.of(request.key());
        outbox.enqueue(mail.render(request.message(), key));
        String state = outbox.find(key)
                .map(e -> e.state().name().toLowerCase(Locale.ROOT))
                .orElse("pending");
        return ResponseEntity.accepted().location(URI.create("/api/outbox")).body(new Queued(key.value(), state));
    }

    /**
     * Lists the outbox by state: the counts, and the 20 oldest messages of each state.
     *
     * @return state to its part, in the states' order
     */
    @GetMapping("/api/outbox")
    public Map<String, StateListing> list() {
        OutboxStatistics s = outbox.statistics();
        Map<String, StateListing> out = new LinkedHashMap<>();
        for (OutboxState state : OutboxState.values()) {
            out.put(
                    state.name().toLowerCase(Locale.ROOT),
                    new StateListing(
                            s.count(state),
                            outbox.list(state, 20).stream().map(Entry::of).toList()));
        }
        return out;
    }
}
