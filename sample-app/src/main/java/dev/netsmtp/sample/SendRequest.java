/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import com.fasterxml.jackson.annotation.JsonFormat;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A message to send, as the page and the API take it, checked by Bean Validation before anything
 * else: each refusal names its field. Recipients may come as one string, separated by commas or
 * semicolons outside quotes ({@code "Lee, Ann" <ann@example.com>, bob@example.com}), or as an
 * array of such strings.
 *
 * @param from the sender, {@code address} or {@code Name <address>}
 * @param to the recipients, one mailbox each
 * @param subject the subject, one line
 * @param body the text
 * @param via which API sends it: the template (netsmtp's own) or Spring's {@code JavaMailSender}
 */
public record SendRequest(
        @NotBlank(message = "give the sender's address") @ValidMailbox String from,
        @NotEmpty(message = "give at least one recipient")
                @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                List<@ValidMailbox String> to,
        @Pattern(regexp = "[^\\r\\n]*", message = "the subject must be one line (it has a line break)") String subject,
        String body,
        Via via) {

    /** The two ways the sample sends. */
    public enum Via {
        /** {@code SmtpTemplate.send}: every recipient's answer and the queue id come back. */
        TEMPLATE,
        /** Spring's {@code JavaMailSender} with {@code MimeMessageHelper}, as with spring-boot-starter-mail. */
        JAVA_MAIL_SENDER
    }

    /**
     * Takes what was sent as given, trimmed and split; absent parts become empty.
     *
     * @param from the sender
     * @param to the recipients
     * @param subject the subject
     * @param body the text
     * @param via the sending API; the template when absent
     */
    public SendRequest(
            @Nullable String from,
            @Nullable List<String> to,
            @Nullable String subject,
            @Nullable String body,
            @Nullable Via via) {
        this.from = from == null ? "" : from.strip();
        this.to = to == null
                ? List.of()
                : to.stream().flatMap(t -> split(t).stream()).toList();
        this.subject = subject == null ? "" : subject;
        this.body = body == null ? "" : body;
        this.via = via == null ? Via.TEMPLATE : via;
    }

    /** Splits on commas and semicolons outside quotes. */
    static List<String> split(@Nullable String s) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && (c == ',' || c == ';')) {
                add(out, part);
            } else {
                part.append(c);
            }
        }
        add(out, part);
        return out;
    }

    private static void add(List<String> out, StringBuilder part) {
        if (!part.toString().isBlank()) {
            out.add(part.toString().strip());
        }
        part.setLength(0);
    }
}
