/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
// One piece past ~400 lines: one client's conversation as a state machine. Every command's
// handler reads and changes the same session state (greeted, TLS, user, envelope, chunks, the
// pipelining guard) and calls the same cue hooks; split, that state would travel between classes.
package dev.netsmtp.test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/** One client's session with {@link SmtpTestServer}: RFC 5321's commands, in order, on one thread. */
final class ServerConnection {

    /** Longest command line taken (RFC 5321 4.5.3.1.4 asks for 512; SMTPUTF8 and DSN lengthen it). */
    private static final int MAX_COMMAND = 4096;

    /** Ends the session at once, after whatever the step said. */
    private static final class Hangup extends Exception {
        private static final long serialVersionUID = 1L;

        Hangup() {
            super(null, null, false, false);
        }
    }

    private final SmtpTestServer server;
    /** The TCP socket, under TLS once it is on: where a cue writes raw bytes or resets. */
    private final Socket raw;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final List<String> transcript = new ArrayList<>();

    private boolean greeted;
    /** MAIL commands this connection took, for the server's messages-per-connection limit. */
    private int mails;

    private boolean refusedService;
    private boolean tls;
    private @Nullable String user;
    private @Nullable String from;
    private final Map<String, String> mailParameters = new LinkedHashMap<>();
    private final List<String> recipients = new ArrayList<>();
    private ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    /** Set after an end of data when more had already arrived with it, for {@link SmtpTestServer.Builder#refusePipeliningAfterData}. */
    private boolean pipelinedAfterData;

    ServerConnection(SmtpTestServer server, Socket socket, Duration idleTimeout) throws IOException {
        this.server = server;
        this.raw = socket;
        this.socket = socket;
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
        // Replies go out when a group is answered, not held back for an ACK (Nagle).
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    void run() {
        try {
            session();
        } catch (Hangup | IOException e) {
            // the client went, the server stopped, or a cue hung up
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void session() throws IOException, Hangup {
        if (server.implicitTls()) {
            // RFC 8314: TLS from the first byte, the greeting inside it; STARTTLS is not offered.
            handshake();
        }
        if (!cued(Step.GREETING, null)) {
            reply("220 " + server.hostName() + (server.lmtp() ? " LMTP" : " ESMTP") + " netsmtp test server");
        } else {
            refusedService = true;
        }
        while (server.running()) {
            String line;
            try {
                line = readCommand();
            } catch (SocketTimeoutException idle) {
                throw closeWith("421 4.4.2 " + server.hostName() + " idle too long, closing");
            }
            if (line == null) {
                return;
            }
            String verb = verb(line);
            String args = line.length() > verb.length()
                    ? line.substring(verb.length()).trim()
                    : "";
            transcript.add("C: " + (verb.equals("AUTH") ? redactAuth(line) : line));
            if (refusedService && !verb.equals("QUIT")) {
                reply("503 5.5.1 no service here");
                continue;
            }
            if (pipelinedAfterData) {
                // As Haraka 3.3.4 does against SMTP smuggling: what came in the same write as the
                // end of data is refused, command by command.
                if (in.available() == 0) {
                    pipelinedAfterData = false;
                }
                reply("503 5.5.0 Bad sequence of commands - pipelined after end of DATA");
                continue;
            }
            switch (verb) {
                case "EHLO", "HELO", "LHLO" -> hello(verb, args);
                case "STARTTLS" -> startTls(args);
                case "AUTH" -> auth(args);
                case "MAIL" -> mail(args);
                case "RCPT" -> rcpt(args);
                case "DATA" -> data(args);
                case "BDAT" -> bdat(args);
                case "RSET" -> {
                    if (!cued(Step.RSET, null)) {
                        resetTransaction();
                        reply("250 2.0.0 Ok");
                    }
                }
                case "NOOP" -> {
                    if (!cued(Step.NOOP, null)) {
                        reply("250 2.0.0 Ok");
                    }
                }
                case "VRFY" -> reply("252 2.1.5 Cannot VRFY user, but will accept message");
                case "QUIT" -> {
                    server.leaving(raw); // no longer counts against the connection limit
                    if (!cued(Step.QUIT, null)) {
                        reply("221 2.0.0 Bye");
                    }
                    return;
                }
                default -> reply("500 5.5.2 Command not recognized");
            }
        }
    }

    private void hello(String verb, String args) throws IOException, Hangup {
        if (args.isEmpty()) {
            reply("501 5.5.4 " + verb + " needs a domain");
            return;
        }
        if (server.lmtp() != verb.equals("LHLO")) {
            // RFC 2033 section 4.1: an LMTP server takes LHLO and nothing else; SMTP takes no LHLO.
            reply("500 5.5.1 " + (server.lmtp() ? "this is LMTP: LHLO" : "this is SMTP: EHLO or HELO"));
            return;
        }
        if (cued(Step.EHLO, null)) {
            return;
        }
        greeted = true;
        resetTransaction();
        if (verb.equals("HELO")) {
            reply("250 " + server.hostName());
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(server.hostName() + " greets " + args);
        lines.add("PIPELINING");
        lines.add("SIZE " + server.maxMessageSize());
        lines.add("8BITMIME");
        lines.add("SMTPUTF8");
        lines.add("DSN");
        lines.add("ENHANCEDSTATUSCODES");
        if (server.chunking()) {
            lines.add("CHUNKING");
        }
        if (server.starttls() && !tls) {
            lines.add("STARTTLS");
        }
        lines.add("AUTH PLAIN LOGIN XOAUTH2 OAUTHBEARER");
        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            reply.append(i == lines.size() - 1 ? "250 " : "250-").append(lines.get(i));
            if (i < lines.size() - 1) {
                reply.append('\n');
            }
        }
        reply(reply.toString());
    }

    private void startTls(String args) throws IOException, Hangup {
        if (!server.starttls() || tls || server.implicitTls()) {
            reply("502 5.5.1 STARTTLS not available");
            return;
        }
        if (!args.isEmpty()) {
            reply("501 5.5.4 STARTTLS takes no parameters");
            return;
        }
        if (cued(Step.STARTTLS, null)) {
            return;
        }
        reply("220 2.0.0 Ready to start TLS");
        handshake();
        // RFC 3207 4.2: forget everything said before, and anything pipelined after STARTTLS.
        greeted = false;
        user = null;
        resetTransaction();
    }

    /** The server side of a TLS handshake on the connection; what follows is read and written inside it. */
    private void handshake() throws IOException {
        SSLSocket ssl = (SSLSocket) server.serverSslContext()
                .getSocketFactory()
                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        socket = ssl;
        in = new BufferedInputStream(ssl.getInputStream());
        out = new BufferedOutputStream(ssl.getOutputStream());
        tls = true;
    }

    private void auth(String args) throws IOException, Hangup {
        if (!greeted) {
            reply("503 5.5.1 EHLO first");
            return;
        }
        if (user != null) {
            reply("503 5.5.1 Already authenticated");
            return;
        }
        if (from != null) {
            reply("503 5.5.1 AUTH not permitted during a mail transaction");
            return;
        }
        String[] parts = args.split(" ", 2);
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        String initial = parts.length > 1 ? parts[1].trim() : null;
        String name;
        String secret;
        try {
            switch (mechanism) {
                case "PLAIN" -> {
                    String payload = initial != null ? initial : challenge("");
                    if (payload == null) {
                        return;
                    }
                    String[] fields = decode(payload).split("\u0000", -1);
                    if (fields.length != 3) {
                        reply("501 5.5.2 malformed PLAIN response");
                        return;
                    }
                    name = fields[1];
                    secret = fields[2];
                }
                case "LOGIN" -> {
                    String u = initial != null ? initial : challenge("VXNlcm5hbWU6");
                    if (u == null) {
                        return;
                    }
                    String p = challenge("UGFzc3dvcmQ6");
                    if (p == null) {
                        return;
                    }
                    name = decode(u);
                    secret = decode(p);
                }
                case "XOAUTH2", "OAUTHBEARER" -> {
                    String payload = initial != null ? initial : challenge("");
                    if (payload == null) {
                        return;
                    }
                    String decoded = decode(payload);
                    name = "";
                    secret = "";
                    for (String field : decoded.split("\u0001")) {
                        if (field.startsWith("user=")) {
                            name = field.substring(5);
                        } else if (field.startsWith("n,a=") && field.endsWith(",")) {
                            // RFC 5801 GS2 header: the authzid, with =2C and =3D for ',' and '='.
                            name = field.substring(4, field.length() - 1)
                                    .replace("=2C", ",")
                                    .replace("=3D", "=");
                        } else if (field.regionMatches(true, 0, "auth=Bearer ", 0, 12)) {
                            secret = field.substring(12);
                        }
                    }
                    if (cued(Step.AUTH, null)) {
                        return;
                    }
                    if (!server.acceptsToken(name, secret)) {
                        refuseToken();
                        return;
                    }
                    user = name;
                    reply("235 2.7.0 Authentication successful");
                    return;
                }
                default -> {
                    reply("504 5.5.4 Unrecognized authentication type");
                    return;
                }
            }
        } catch (IllegalArgumentException badBase64) {
            reply("501 5.5.2 invalid base64");
            return;
        }
        if (cued(Step.AUTH, null)) {
            return;
        }
        if (!server.accepts(name, secret)) {
            reply("535 5.7.8 Authentication credentials invalid");
            return;
        }
        user = name;
        reply("235 2.7.0 Authentication successful");
    }

    /**
     * A refused OAuth2 token: the JSON status in a 334 (RFC 7628 section 3.2.2), the client's
     * answer (an empty line for XOAUTH2, ^A for OAUTHBEARER), then 535.
     */
    private void refuseToken() throws IOException, Hangup {
        String status = "{\"status\":\"invalid_token\",\"schemes\":\"bearer\",\"scope\":\"smtp\"}";
        if (challenge(Base64.getEncoder().encodeToString(status.getBytes(StandardCharsets.UTF_8))) == null) {
            return;
        }
        reply("535 5.7.8 Authentication credentials invalid");
    }

    /** Sends a 334 challenge and reads the answer; null when the client cancelled (and was told). */
    private @Nullable String challenge(String text) throws IOException, Hangup {
        reply("334 " + text);
        String answer = readCommand();
        if (answer == null) {
            throw new Hangup();
        }
        transcript.add("C: <redacted>");
        if (answer.equals("*")) {
            reply("501 5.7.0 Authentication cancelled");
            return null;
        }
        return answer;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
    }

    private void mail(String args) throws IOException, Hangup {
        if (!greeted) {
            reply("503 5.5.1 EHLO first");
            return;
        }
        if (from != null) {
            reply("503 5.5.1 Nested MAIL command");
            return;
        }
        int perConnection = server.messagesPerConnection();
        if (perConnection > 0 && mails >= perConnection) {
            server.countThrottled();
            throw closeWith("421 4.7.0 " + server.hostName() + " too many messages on this connection, closing");
        }
        if (!server.takeSendToken()) {
            reply(server.throttleReply());
            return;
        }
        mails++;
        if (!args.regionMatches(true, 0, "FROM:", 0, 5)) {
            reply("501 5.5.4 Syntax: MAIL FROM:<address>");
            return;
        }
        String[] path = path(args.substring(5).trim());
        if (path == null) {
            reply("501 5.1.7 Bad sender address syntax");
            return;
        }
        Map<String, String> params = parameters(path[1]);
        String size = params.get("SIZE");
        if (size != null) {
            long declared;
            try {
                declared = Long.parseLong(size);
            } catch (NumberFormatException e) {
                reply("501 5.5.4 Bad SIZE parameter");
                return;
            }
            if (declared > server.maxMessageSize()) {
                reply("552 5.3.4 Message size exceeds fixed limit");
                return;
            }
        }
        if (cued(Step.MAIL, null)) {
            return;
        }
        from = path[0];
        mailParameters.clear();
        mailParameters.putAll(params);
        reply("250 2.1.0 Ok");
    }

    private void rcpt(String args) throws IOException, Hangup {
        if (from == null) {
            reply("503 5.5.1 Need MAIL before RCPT");
            return;
        }
        if (!args.regionMatches(true, 0, "TO:", 0, 3)) {
            reply("501 5.5.4 Syntax: RCPT TO:<address>");
            return;
        }
        String[] path = path(args.substring(3).trim());
        if (path == null || path[0].isEmpty()) {
            reply("501 5.1.3 Bad recipient address syntax");
            return;
        }
        if (cued(Step.RCPT, path[0])) {
            return;
        }
        recipients.add(path[0]);
        reply("250 2.1.5 Ok");
    }

    private void data(String args) throws IOException, Hangup {
        if (from == null) {
            reply("503 5.5.1 Need MAIL command");
            return;
        }
        if (recipients.isEmpty()) {
            reply("554 5.5.1 No valid recipients");
            return;
        }
        if (!args.isEmpty()) {
            reply("501 5.5.4 DATA takes no parameters");
            return;
        }
        if (chunks.size() > 0) {
            reply("503 5.5.1 BDAT chunks are pending; DATA cannot follow them");
            return;
        }
        if (cued(Step.DATA, null)) {
            return;
        }
        reply("354 End data with <CR><LF>.<CR><LF>");
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        boolean tooBig = readData(content, server.hasCue(Step.MESSAGE_DATA));
        transcript.add("C: <message, " + content.size() + " bytes>");
        transcript.add("C: .");
        if (tooBig) {
            resetTransaction();
            reply("552 5.3.4 Message size exceeds fixed limit");
            return;
        }
        endOfMessage(content);
    }

    /**
     * BDAT (RFC 3030): a chunk of exactly the size given, no dot-stuffing; LAST ends the message,
     * which is then judged as at the end of DATA. A chunk the server cannot take is read and
     * dropped, as its size is known, so the client stays in step.
     */
    private void bdat(String args) throws IOException, Hangup {
        String[] words = args.split(" +");
        long size;
        try {
            size = Long.parseLong(words[0]);
        } catch (NumberFormatException e) {
            reply("501 5.5.4 Syntax: BDAT size [LAST]");
            return;
        }
        boolean last = words.length > 1 && words[1].equalsIgnoreCase("LAST");
        boolean firstChunk = chunks.size() == 0 && from != null;
        if (firstChunk) {
            FailureCue cue = server.cueFor(Step.MESSAGE_DATA, null);
            if (cue != null) {
                actThenHangUp(cue);
            }
        }
        if (size < 0 || chunks.size() + size > server.maxMessageSize()) {
            // Over the limit: dropped as it comes, never held.
            try {
                in.skipNBytes(Math.max(0, size));
            } catch (java.io.EOFException e) {
                throw new Hangup();
            }
            transcript.add("C: <chunk, " + size + " bytes, dropped>");
            chunks.reset();
            resetTransaction();
            reply("552 5.3.4 Message size exceeds fixed limit");
            return;
        }
        byte[] bytes = in.readNBytes((int) size);
        if (bytes.length < size) {
            throw new Hangup();
        }
        transcript.add("C: <chunk, " + size + " bytes>");
        if (from == null) {
            chunks.reset();
            reply("503 5.5.1 Need MAIL command");
            return;
        }
        if (recipients.isEmpty()) {
            chunks.reset();
            reply("554 5.5.1 No valid recipients");
            return;
        }
        if (firstChunk && !recipients.isEmpty()) {
            FailureCue cue = server.cueFor(Step.DATA, null);
            if (cue != null) {
                // The chunk was read whole: a reply here keeps the client in step.
                chunks.reset();
                resetTransaction();
                act(cue);
                return;
            }
        }
        chunks.write(bytes);
        if (!last) {
            reply("250 2.0.0 " + size + " octets received");
            return;
        }
        ByteArrayOutputStream content = chunks;
        chunks = new ByteArrayOutputStream();
        endOfMessage(content);
    }

    /** The message is whole: a cue at END_OF_DATA, or stored and accepted. */
    private void endOfMessage(ByteArrayOutputStream content) throws IOException, Hangup {
        if (server.refusesPipeliningAfterData() && in.available() > 0) {
            pipelinedAfterData = true;
        }
        if (server.lmtp()) {
            endOfLmtpMessage(content);
            return;
        }
        FailureCue cue = server.cueFor(Step.END_OF_DATA, null);
        String queueId = server.nextQueueId();
        String accepted = "250 2.0.0 Ok: queued as " + queueId;
        if (cue != null && cue.storesFirst() && cue.action() != FailureCue.Action.DELIVER_THEN_DISCONNECT) {
            transcript.add("S: <stored; then the cue>");
            server.store(received(content.toByteArray(), queueId));
            resetTransaction();
            act(cue);
            return;
        }
        if (cue != null) {
            switch (cue.action()) {
                case DELIVER_THEN_DISCONNECT -> {
                    transcript.add("S: <connection closed before the reply>");
                    server.store(received(content.toByteArray(), queueId));
                    throw new Hangup();
                }
                case REPLY -> {
                    String reply = cue.replyText();
                    if (reply.startsWith("2")) {
                        transcript.add("S: " + reply.replace("\n", "\nS: "));
                        server.store(received(content.toByteArray(), queueId));
                        transcript.remove(transcript.size() - 1);
                    }
                    resetTransaction();
                    act(cue);
                    return;
                }
                default -> {
                    resetTransaction();
                    act(cue);
                    return;
                }
            }
        }
        transcript.add("S: " + accepted);
        server.store(received(content.toByteArray(), queueId));
        transcript.remove(transcript.size() - 1);
        resetTransaction();
        reply(accepted);
    }

    /**
     * RFC 2033 section 4.2: one reply per accepted recipient, in RCPT order, each stored for that
     * recipient alone; a cue at END_OF_DATA naming a recipient replaces that recipient's reply
     * (a deliver-then-disconnect cue stores for it, then hangs up before its reply).
     */
    private void endOfLmtpMessage(ByteArrayOutputStream content) throws IOException, Hangup {
        List<String> all = new ArrayList<>(recipients);
        try {
            for (String rcpt : all) {
                FailureCue cue = server.cueFor(Step.END_OF_DATA, rcpt);
                String queueId = server.nextQueueId();
                if (cue == null) {
                    server.store(received(content.toByteArray(), queueId, List.of(rcpt)));
                    reply("250 2.1.5 <" + rcpt + "> delivered as " + queueId);
                    continue;
                }
                if (cue.action() == FailureCue.Action.DELIVER_THEN_DISCONNECT
                        || cue.storesFirst()
                        || (cue.action() == FailureCue.Action.REPLY
                                && cue.replyText().startsWith("2"))) {
                    server.store(received(content.toByteArray(), queueId, List.of(rcpt)));
                }
                out.flush();
                act(cue);
            }
        } finally {
            resetTransaction();
        }
    }

    private ReceivedMessage received(byte[] content, String queueId) {
        return received(content, queueId, recipients);
    }

    private ReceivedMessage received(byte[] content, String queueId, List<String> to) {
        return new ReceivedMessage(
                from == null ? "" : from, to, mailParameters, content, new ArrayList<>(transcript), tls, user, queueId);
    }

    /**
     * Reads the message up to CRLF.CRLF, undoing dot-stuffing; true when it was over the limit.
     * With {@code cueAfterFirstLine}, a {@link Step#MESSAGE_DATA} cue acts once the first line is in.
     */
    private boolean readData(ByteArrayOutputStream content, boolean cueAfterFirstLine) throws IOException, Hangup {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean tooBig = false;
        boolean first = true;
        while (true) {
            if (!first && cueAfterFirstLine) {
                cueAfterFirstLine = false;
                FailureCue cue = server.cueFor(Step.MESSAGE_DATA, null);
                if (cue != null) {
                    actThenHangUp(cue);
                }
            }
            first = false;
            line.reset();
            int c;
            while ((c = in.read()) != -1) {
                line.write(c);
                if (c == '\n') {
                    break;
                }
            }
            if (c == -1) {
                throw new Hangup();
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length;
            boolean crlf = length >= 2 && bytes[length - 2] == '\r';
            if (crlf && length == 3 && bytes[0] == '.') {
                return tooBig;
            }
            int start = bytes[0] == '.' && crlf ? 1 : 0;
            if (!tooBig) {
                if (content.size() + (length - start) > server.maxMessageSize()) {
                    tooBig = true;
                    content.reset();
                } else {
                    content.write(bytes, start, length - start);
                }
            }
        }
    }

    /** Applies a cue at a step, if one is set: true when it replaced the normal reply. */
    private boolean cued(Step step, @Nullable String address) throws IOException, Hangup {
        FailureCue cue = server.cueFor(step, address);
        if (cue == null) {
            return false;
        }
        act(cue);
        return true;
    }

    /** A cue where the conversation cannot go on afterwards: a reply is followed by closing. */
    private void actThenHangUp(FailureCue cue) throws IOException, Hangup {
        act(cue);
        out.flush();
        transcript.add("S: <connection closed>");
        throw new Hangup();
    }

    private void act(FailureCue cue) throws IOException, Hangup {
        switch (cue.action()) {
            case REPLY -> {
                if (cue.replyText().startsWith("421")) {
                    throw closeWith(cue.replyText());
                }
                reply(cue.replyText());
            }
            case REPLY_THEN_DISCONNECT -> {
                reply(cue.replyText());
                out.flush();
                transcript.add("S: <connection closed>");
                throw new Hangup();
            }
            case RESET -> {
                transcript.add("S: <connection reset>");
                raw.setSoLinger(true, 0);
                raw.close();
                throw new Hangup();
            }
            case CORRUPT_TLS_RECORD, TLS_ALERT -> {
                out.flush();
                // Under the TLS layer, where a middlebox or a damaged network writes: an
                // application-data record the client cannot decrypt, or a fatal alert
                // (internal_error) in the clear.
                byte[] bytes = cue.action() == FailureCue.Action.TLS_ALERT
                        ? new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50}
                        : garbageRecord();
                transcript.add("S: <"
                        + (cue.action() == FailureCue.Action.TLS_ALERT ? "TLS alert" : "corrupted TLS record") + ">");
                raw.getOutputStream().write(bytes);
                raw.getOutputStream().flush();
                raw.close();
                throw new Hangup();
            }
            case DISCONNECT, DELIVER_THEN_DISCONNECT -> {
                transcript.add("S: <connection closed>");
                throw new Hangup();
            }
            case SILENCE -> {
                transcript.add("S: <silence>");
                out.flush();
                // Read and drop whatever comes until the client gives up or the server stops.
                byte[] sink = new byte[8192];
                while (server.running()) {
                    try {
                        if (in.read(sink) == -1) {
                            break;
                        }
                    } catch (SocketTimeoutException stillThere) {
                        // keep holding
                    }
                }
                throw new Hangup();
            }
        }
    }

    /** A TLS 1.2/1.3 application-data record of 32 garbage bytes. */
    private static byte[] garbageRecord() {
        byte[] record = new byte[5 + 32];
        record[0] = 0x17;
        record[1] = 0x03;
        record[2] = 0x03;
        record[4] = 32;
        for (int i = 5; i < record.length; i++) {
            record[i] = (byte) (i * 37);
        }
        return record;
    }

    private void resetTransaction() {
        chunks.reset();
        from = null;
        mailParameters.clear();
        recipients.clear();
    }

    /**
     * Closes the connection with a 421 (RFC 5321 section 3.8), written after every reply before it:
     * what the client pipelined ahead of the command is answered, as a server shutting down does.
     * Returns the hang-up for the caller to throw.
     */
    private Hangup closeWith(String reply) throws IOException {
        reply(reply);
        out.flush();
        return new Hangup();
    }

    private void reply(String text) throws IOException {
        for (String line : text.split("\n")) {
            transcript.add("S: " + line);
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        // Pipelining: answer a group in one write, as real servers do.
        if (in.available() == 0) {
            out.flush();
        }
    }

    private @Nullable String readCommand() throws IOException {
        out.flush();
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_COMMAND) {
                // Drop the rest of the line, then say so.
                while ((c = in.read()) != -1 && c != '\n') {
                    // skip
                }
                reply("500 5.5.2 Line too long");
                line.reset();
                continue;
            }
            line.write(c);
        }
        return null;
    }

    private static String verb(String line) {
        int space = line.indexOf(' ');
        return (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    /** {@code <address> params} to {address, params}; null when there are no angle brackets. */
    private static String @Nullable [] path(String text) {
        if (!text.startsWith("<")) {
            return null;
        }
        int close = text.indexOf('>');
        if (close < 0) {
            return null;
        }
        return new String[] {text.substring(1, close), text.substring(close + 1).trim()};
    }

    private static Map<String, String> parameters(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return params;
        }
        for (String p : text.split(" +")) {
            int eq = p.indexOf('=');
            params.put((eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT), eq < 0 ? "" : p.substring(eq + 1));
        }
        return params;
    }

    private static String redactAuth(String line) {
        String[] parts = line.split(" ");
        return parts.length > 2 ? parts[0] + " " + parts[1] + " <redacted>" : line;
    }
}
