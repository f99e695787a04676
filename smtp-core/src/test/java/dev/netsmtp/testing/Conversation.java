/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection of a {@link ScriptedSmtpServer}: the wire ({@link ScriptedWire}: reply, read lines
 * and data, look at what was received) and the scenarios scripts share.
 */
public final class Conversation extends ScriptedWire {

    Conversation(Socket socket) throws IOException {
        super(socket);
    }

    /**
     * Greets with 220 and answers EHLO with the given extensions.
     *
     * @param extensions extension lines, e.g. {@code "PIPELINING"}, {@code "SIZE 1000"}
     * @throws IOException when the client has gone
     */
    public void greetAndEhlo(String... extensions) throws IOException {
        reply("220 scripted.test ESMTP");
        expect("EHLO ");
        List<String> out = new ArrayList<>();
        out.add((extensions.length == 0 ? "250 " : "250-") + "scripted.test");
        for (int i = 0; i < extensions.length; i++) {
            out.add((i == extensions.length - 1 ? "250 " : "250-") + extensions[i]);
        }
        reply(out.toArray(String[]::new));
    }

    /**
     * Reads a pipelined MAIL, RCPT and DATA and answers them with 250, 250 and 354.
     *
     * @throws IOException when the client has gone
     */
    public void envelopeTo354() throws IOException {
        expect("MAIL FROM:");
        expect("RCPT TO:");
        expect("DATA");
        reply("250 2.1.0 ok", "250 2.1.5 ok", "354 go ahead");
    }

    /**
     * Takes a whole pipelined message, then hangs up without the final reply: the lost reply
     * after the end of data, which must make the message uncertain and never resent.
     *
     * @throws IOException when the client goes away first
     */
    public void losesTheFinalReply() throws IOException {
        greetAndEhlo("PIPELINING");
        envelopeTo354();
        readData();
        close();
    }

    /**
     * Greets, then refuses MAIL with the reply the given number of times (a session that
     * stays good, so a retry may come on the same connection), then answers QUIT.
     *
     * @param times how many MAIL commands to refuse
     * @param refusal the reply line, e.g. {@code "450 4.2.0 mailbox busy"}
     * @throws IOException when the client has gone
     */
    public void refusesMail(int times, String refusal) throws IOException {
        greetAndEhlo();
        for (int i = 0; i < times; i++) {
            expect("MAIL FROM:");
            reply(refusal);
        }
        expect("QUIT");
        reply("221 bye");
    }

    /**
     * Plays a whole delivery of one message over PIPELINING: greeting, EHLO, the envelope,
     * the data (returned), 250 with the queue id {@code Q1}, and QUIT.
     *
     * @return the data as received, dot-stuffed, with its terminator
     * @throws IOException when the client goes away before the end
     */
    public byte[] deliversOneMessage() throws IOException {
        greetAndEhlo("PIPELINING");
        envelopeTo354();
        byte[] data = readData();
        reply("250 2.0.0 Ok: queued as Q1");
        expect("QUIT");
        reply("221 bye");
        return data;
    }
}
