/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox.autoconfigure;

import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.outbox.OutboxEntry;
import dev.netsmtp.outbox.OutboxState;
import dev.netsmtp.outbox.OutboxStatistics;
import dev.netsmtp.outbox.SmtpOutbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code smtpoutbox} actuator endpoint, for the operator: {@code GET} the counts by state,
 * {@code GET /{state}} the messages in a state (oldest first, {@code limit} at most 1,000),
 * {@code POST /{key}} with {@code action} {@code sent} (it was delivered after all) or
 * {@code resend} (send it again on purpose) for an uncertain or failed message. Expose it like any
 * endpoint ({@code management.endpoints.web.exposure.include}) and secure it: resend sends mail.
 */
@Endpoint(id = "smtpoutbox")
public final class SmtpOutboxEndpoint {

    private final SmtpOutbox outbox;

    SmtpOutboxEndpoint(SmtpOutbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Counts by state and the age of the oldest waiting message.
     *
     * @return the figures
     */
    @ReadOperation
    public Map<String, Object> statistics() {
        OutboxStatistics s = outbox.statistics();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        s.counts().forEach((state, n) -> counts.put(state.name().toLowerCase(Locale.ROOT), n));
        out.put("counts", counts);
        out.put("oldestWaitingAge", s.oldestWaitingAge().toString());
        return out;
    }

    /**
     * Lists the messages in a state.
     *
     * @param state the state, any case ({@code uncertain})
     * @param limit at most this many (default 100, at most 1,000)
     * @return the entries
     */
    @ReadOperation
    public List<OutboxEntryView> list(@Selector String state, @Nullable Integer limit) {
        OutboxState wanted = state(state);
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, was " + n);
        }
        return outbox.list(wanted, n).stream().map(OutboxEntryView::of).toList();
    }

    /**
     * Resolves an uncertain or failed message.
     *
     * @param key the message's key
     * @param action {@code sent} or {@code resend}
     * @return the key, the action and whether it changed anything
     */
    @WriteOperation
    public Map<String, Object> resolve(@Selector String key, String action) {
        IdempotencyKey k = IdempotencyKey.of(key);
        boolean changed =
                switch (action.toLowerCase(Locale.ROOT)) {
                    case "sent" -> outbox.markSent(k);
                    case "resend" -> outbox.resend(k);
                    default -> throw new IllegalArgumentException(
                            "action must be 'sent' or 'resend', was '" + action + "'");
                };
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", key);
        out.put("action", action.toLowerCase(Locale.ROOT));
        out.put("changed", changed);
        outbox.find(k).ifPresent(e -> out.put("state", e.state().name().toLowerCase(Locale.ROOT)));
        return out;
    }

    private static OutboxState state(String name) {
        try {
            return OutboxState.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown outbox state '" + name + "'; one of "
                            + java.util.Arrays.toString(OutboxState.values()).toLowerCase(Locale.ROOT),
                    e);
        }
    }

    /**
     * One message as the endpoint shows it.
     *
     * @param key the key
     * @param state the state
     * @param from the reverse path
     * @param recipients the recipients
     * @param size the size in bytes
     * @param attempts the attempts
     * @param created when enqueued (ISO-8601)
     * @param updated when last changed (ISO-8601)
     * @param nextAttempt when a retry is due, or null
     * @param node the instance that last took it, or null
     * @param lastReply the last reply or error, or null
     */
    public record OutboxEntryView(
            String key,
            String state,
            String from,
            List<String> recipients,
            int size,
            int attempts,
            String created,
            String updated,
            @Nullable String nextAttempt,
            @Nullable String node,
            @Nullable String lastReply) {

        static OutboxEntryView of(OutboxEntry e) {
            return new OutboxEntryView(
                    e.key().value(),
                    e.state().name().toLowerCase(Locale.ROOT),
                    e.from(),
                    e.recipients(),
                    e.size(),
                    e.attempts(),
                    e.created().toString(),
                    e.updated().toString(),
                    e.nextAttempt().map(Object::toString).orElse(null),
                    e.node().orElse(null),
                    e.lastReply().orElse(null));
        }
    }
}
