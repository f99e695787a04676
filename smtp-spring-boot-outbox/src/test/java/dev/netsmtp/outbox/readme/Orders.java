/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox.readme;

import dev.netsmtp.Envelope;
import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.outbox.SmtpOutbox;
import java.nio.charset.StandardCharsets;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The README's service, as it stands there: the order and its mail commit or roll back together. */
@Service
public class Orders {

    private final JdbcTemplate jdbc;
    private final SmtpOutbox outbox;

    public Orders(JdbcTemplate jdbc, SmtpOutbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    @Transactional
    public void place(long id, String email) {
        jdbc.update("INSERT INTO orders (id, email) VALUES (?, ?)", id, email);
        outbox.enqueue(
                Envelope.builder()
                        .from("shop@example.com")
                        .to(email)
                        .key(IdempotencyKey.of("order-" + id)) // sent once, whatever happens
                        .build(),
                ("Subject: Your order " + id + "\r\n\r\nThank you.\r\n").getBytes(StandardCharsets.UTF_8));
    }
}
