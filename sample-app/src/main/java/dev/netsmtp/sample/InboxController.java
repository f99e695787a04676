/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Where mail goes, the connection the last send went on, and what the embedded server received. */
@RestController
public class InboxController {

    private final SmtpDestination destination;
    private final ObjectProvider<Inbox> embedded;
    private final SendLog log;

    /**
     * Creates the controller.
     *
     * @param destination where mail goes, as configured
     * @param embedded the embedded server, when running
     * @param log the sends so far, for the last connection
     */
    public InboxController(SmtpDestination destination, ObjectProvider<Inbox> embedded, SendLog log) {
        this.destination = destination;
        this.embedded = embedded;
        this.log = log;
    }

    /**
     * Where mail goes and what the embedded server received.
     *
     * @param embedded whether mail goes to the embedded server
     * @param server the destination as configured
     * @param lastConnection the connection the newest send went on, as negotiated; empty before any
     * @param messages the embedded server's messages, newest first; empty for a real server
     */
    public record InboxView(
            boolean embedded,
            SmtpDestination server,
            Optional<SendReport.Connection> lastConnection,
            List<Inbox.ReceivedMessage> messages) {}

    /**
     * Where mail goes, and what the embedded server received (newest first).
     *
     * @return the view
     */
    @GetMapping("/api/messages")
    public InboxView inbox() {
        Optional<Inbox> server = inUse();
        return new InboxView(
                server.isPresent(),
                destination,
                log.lastConnection(),
                server.map(Inbox::messages).orElse(List.of()));
    }

    /**
     * One received message exactly as it arrived.
     *
     * @param index the message's index in the inbox
     * @return the bytes as text, or 404
     */
    @GetMapping(value = "/api/messages/{index}/raw", produces = "text/plain;charset=UTF-8")
    public ResponseEntity<byte[]> raw(@PathVariable int index) {
        return inUse().flatMap(server -> server.raw(index))
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** The embedded server, when smtp.* points at it (a test may point it elsewhere). */
    private Optional<Inbox> inUse() {
        return destination.embedded() ? Optional.ofNullable(embedded.getIfAvailable()) : Optional.empty();
    }
}
