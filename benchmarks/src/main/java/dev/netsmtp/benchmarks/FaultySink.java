/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * An SMTP sink on 127.0.0.1 that fails on purpose, at random with a fixed seed, at each point
 * where a real connection can fail, and counts every message it takes by its Message-ID.
 *
 * <p>The faults are injected in the server rather than in a byte relay in front of it: replying
 * 421 or 451 to one command of a pipelined group needs the protocol state, which a relay would
 * have to rebuild anyway. What the client sees is the same as from a proxy that cuts the wire.
 */
final class FaultySink implements AutoCloseable {

    /** Where a connection fails. */
    enum Fault {
        /** Greets, then closes. */
        DROP_AFTER_GREETING,
        /** Closes on reading MAIL, before its reply. */
        DROP_AFTER_MAIL,
        /** Closes on reading RCPT, before its reply. */
        DROP_AFTER_RCPT,
        /** Closes in the middle of the message data. */
        DROP_MID_DATA,
        /** Takes the message at the end of data, then closes before replying: the client cannot know. */
        DROP_AFTER_END_OF_DATA,
        /** Replies 421 to MAIL and closes. */
        REPLY_421,
        /** Refuses the message at the end of data with 451 (not taken), and goes on. */
        REPLY_451,
        /** Reads DATA and never answers it: the client's reply wait runs out (only with stalls on). */
        STALL_AT_DATA,
        /**
         * On a TLS connection, writes a TLS record of garbage under TLS instead of MAIL's reply,
         * then closes: a corrupted record before the data (over BDAT the whole message may have
         * come with the envelope; the sink reads on to see whether it did).
         */
        TLS_CORRUPT_AT_MAIL,
        /** On a TLS connection, takes the message, then writes a garbage TLS record instead of the reply. */
        TLS_CORRUPT_AFTER_END_OF_DATA,
        /**
         * Stops reading in the middle of a large message (SIZE of 256 KiB or more) until the
         * client has given up, then reads what is left: when that holds the end of data (the
         * message fitted the socket buffers), the message is taken with its reply lost; when the
         * client's write was still blocked, it is not (only with stalls on).
         */
        STALL_MID_DATA
    }

    private static final Fault[] TRANSACTION_FAULTS = {
        Fault.DROP_AFTER_MAIL,
        Fault.DROP_AFTER_RCPT,
        Fault.DROP_MID_DATA,
        Fault.DROP_AFTER_END_OF_DATA,
        Fault.REPLY_421,
        Fault.REPLY_451,
        Fault.TLS_CORRUPT_AT_MAIL,
        Fault.TLS_CORRUPT_AFTER_END_OF_DATA
    };

    private static final byte[] CRLF = {'\r', '\n'};

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-sink");
        t.setDaemon(true);
        return t;
    });
    private final Random random;
    private final double faultRate;
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final Map<String, List<String>> digests = new ConcurrentHashMap<>();
    private final Set<String> lostReplies = ConcurrentHashMap.newKeySet();
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    private final Fault[] transactionFaults;
    private final AtomicInteger open = new AtomicInteger();
    private final @Nullable SSLContext tls;

    /** The user AUTH PLAIN accepts after STARTTLS. */
    static final String USER = "alice";

    /** That user's password. */
    static final String PASSWORD = "alice-pw";

    private final long stallMillis;
    private final boolean chunking;

    /**
     * Starts the sink on an ephemeral port.
     *
     * @param seed the random seed
     * @param faultRate the chance of a fault per transaction (and, twice it, of a drop after the greeting)
     */
    FaultySink(long seed, double faultRate) throws IOException {
        this(seed, faultRate, 0);
    }

    /**
     * Starts the sink on an ephemeral port, with stalls when {@code stallMillis} is positive.
     *
     * @param seed the random seed
     * @param faultRate the chance of a fault per transaction
     * @param stallMillis how long a stall lasts: longer than the client's send timeout; 0 for none
     */
    FaultySink(long seed, double faultRate, long stallMillis) throws IOException {
        this(seed, faultRate, stallMillis, null);
    }

    /**
     * Starts the sink, offering STARTTLS with the given context and, once TLS is up, AUTH PLAIN
     * for {@value #USER} / {@value #PASSWORD}.
     *
     * @param seed the random seed
     * @param faultRate the chance of a fault per transaction
     * @param stallMillis how long a stall lasts; 0 for none
     * @param tls the server's TLS context, or null for plain text only
     */
    FaultySink(long seed, double faultRate, long stallMillis, @Nullable SSLContext tls) throws IOException {
        this(seed, faultRate, stallMillis, tls, false);
    }

    /**
     * Starts the sink, offering CHUNKING (BDAT, RFC 3030) as well when {@code chunking}.
     *
     * @param seed the random seed
     * @param faultRate the chance of a fault per transaction
     * @param stallMillis how long a stall lasts; 0 for none
     * @param tls the server's TLS context, or null for plain text only
     * @param chunking whether to offer CHUNKING
     */
    FaultySink(long seed, double faultRate, long stallMillis, @Nullable SSLContext tls, boolean chunking)
            throws IOException {
        this.tls = tls;
        this.chunking = chunking;
        this.random = new Random(seed);
        this.faultRate = faultRate;
        this.stallMillis = stallMillis;
        List<Fault> kinds = new ArrayList<>(List.of(TRANSACTION_FAULTS));
        if (tls == null) {
            kinds.remove(Fault.TLS_CORRUPT_AT_MAIL); // no TLS to corrupt
            kinds.remove(Fault.TLS_CORRUPT_AFTER_END_OF_DATA);
        }
        if (stallMillis > 0) {
            kinds.add(Fault.STALL_AT_DATA);
        }
        this.transactionFaults = kinds.toArray(Fault[]::new);
        injected.put(Fault.DROP_AFTER_GREETING, new AtomicLong());
        if (stallMillis > 0) {
            injected.put(Fault.STALL_MID_DATA, new AtomicLong());
        }
        for (Fault f : transactionFaults) {
            injected.put(f, new AtomicLong());
        }
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        Thread acceptor = new Thread(this::accept, "faulty-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Message-ID to how many times it was taken. */
    Map<String, AtomicInteger> received() {
        return received;
    }

    /** Message-ID to the SHA-256 (hex) of each body the sink took, after undoing the dot-stuffing. */
    Map<String, List<String>> digests() {
        return digests;
    }

    /**
     * Message-IDs whose end of data the sink read and then never answered: taken with the reply
     * lost, or read to the end after deciding to drop the connection (the client cannot tell the
     * two apart, so both must be reported uncertain).
     */
    Set<String> lostReplies() {
        return lostReplies;
    }

    /** How many faults of each kind were injected. */
    Map<Fault, Long> injected() {
        Map<Fault, Long> out = new EnumMap<>(Fault.class);
        injected.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private synchronized double nextDouble() {
        return random.nextDouble();
    }

    private synchronized Fault nextTransactionFault() {
        return transactionFaults[random.nextInt(transactionFaults.length)];
    }

    private synchronized int nextDropLine() {
        // Three in five drop within the headers, so every message can get it; the rest deep in large data.
        return new int[] {2, 3, 3, 50, 5000}[random.nextInt(5)];
    }

    private Fault inject(Fault f) {
        injected.get(f).incrementAndGet();
        return f;
    }

    /**
     * Waits until every connection has ended (the clients closed theirs, stalls ran out), so that
     * what was stored is final.
     *
     * @param timeout the longest wait
     * @return true when all ended
     */
    boolean awaitQuiet(java.time.Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (open.get() > 0) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private void serve(Socket socket) {
        open.incrementAndGet();
        try {
            serveConnection(socket);
        } finally {
            open.decrementAndGet();
        }
    }

    private void serveConnection(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            reply(out, in, "220 chaos-sink ESMTP");
            // Connections are few (the pool reuses them), so the greeting fault is more likely than
            // each transaction fault, or a short run would rarely see it.
            if (nextDouble() < Math.min(1.0, faultRate * 2)) {
                inject(Fault.DROP_AFTER_GREETING);
                return;
            }
            Fault fault = null;
            long size = -1;
            boolean encrypted = false;
            Socket current = socket;
            String line;
            while ((line = readLine(in)) != null) {
                String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(
                            out,
                            in,
                            "250-chaos-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n"
                                    + (tls != null && !encrypted ? "250-STARTTLS\r\n" : "")
                                    + (encrypted ? "250-AUTH PLAIN\r\n" : "")
                                    + (chunking ? "250-CHUNKING\r\n" : "")
                                    + "250-ENHANCEDSTATUSCODES\r\n250 SIZE 10485760");
                    case "STAR" -> {
                        if (tls == null || encrypted) {
                            reply(out, in, "503 5.5.1 no STARTTLS here");
                            continue;
                        }
                        reply(out, in, "220 2.0.0 go ahead");
                        out.flush();
                        SSLSocket ssl =
                                (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
                        ssl.setUseClientMode(false);
                        ssl.startHandshake();
                        current = ssl;
                        in = new BufferedInputStream(ssl.getInputStream(), 65536);
                        out = new BufferedOutputStream(ssl.getOutputStream(), 8192);
                        encrypted = true;
                    }
                    case "AUTH" -> {
                        String expected = "AUTH PLAIN "
                                + java.util.Base64.getEncoder()
                                        .encodeToString(
                                                ("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                        reply(
                                out,
                                in,
                                encrypted && line.equals(expected)
                                        ? "235 2.7.0 authenticated"
                                        : "535 5.7.8 bad credentials");
                    }
                    case "HELO" -> reply(out, in, "250 chaos-sink");
                    case "MAIL" -> {
                        size = sizeParameter(line);
                        fault = nextDouble() < faultRate ? nextTransactionFault() : null;
                        if (!encrypted && fault == Fault.TLS_CORRUPT_AT_MAIL) {
                            fault = Fault.DROP_AFTER_MAIL; // no TLS to corrupt: the plain equivalent
                        } else if (!encrypted && fault == Fault.TLS_CORRUPT_AFTER_END_OF_DATA) {
                            fault = Fault.DROP_AFTER_END_OF_DATA;
                        }
                        if (fault == null
                                && stallMillis > 0
                                && !chunking
                                && size >= 256 * 1024
                                && nextDouble() < faultRate * 4) {
                            // Large messages are few, so they get their own, higher chance of a stall.
                            fault = Fault.STALL_MID_DATA;
                        }
                        if (fault != null && fault != Fault.DROP_MID_DATA) {
                            inject(fault);
                        }
                        if (fault == Fault.DROP_AFTER_MAIL || fault == Fault.TLS_CORRUPT_AT_MAIL) {
                            // Over BDAT the message and its end may have come with the envelope.
                            SinkData.chunkBehind(current, in).ifPresent(lostReplies::add);
                            if (fault == Fault.TLS_CORRUPT_AT_MAIL) {
                                out.flush();
                                SinkData.corruptTls(socket);
                            }
                            return;
                        }
                        if (fault == Fault.REPLY_421) {
                            reply(out, in, "421 4.3.2 chaos-sink closing");
                            out.flush();
                            return;
                        }
                        reply(out, in, "250 2.1.0 Ok");
                    }
                    case "RCPT" -> {
                        if (fault == Fault.DROP_AFTER_RCPT) {
                            SinkData.chunkBehind(current, in).ifPresent(lostReplies::add);
                            return;
                        }
                        reply(out, in, "250 2.1.5 Ok");
                    }
                    case "DATA" -> {
                        if (fault == Fault.STALL_AT_DATA) {
                            Thread.sleep(stallMillis);
                            return;
                        }
                        reply(out, in, "354 End data with <CR><LF>.<CR><LF>");
                        out.flush();
                        int dropAfter = fault == Fault.DROP_MID_DATA ? nextDropLine() : -1;
                        int stallAfter = fault == Fault.STALL_MID_DATA ? 10 : -1;
                        SinkData data = SinkData.readData(current, in, dropAfter, stallAfter, stallMillis);
                        if (data.dropped) {
                            inject(Fault.DROP_MID_DATA);
                            if (data.id != null) {
                                lostReplies.add(data.id); // the client had already sent the end of data
                            }
                            return;
                        }
                        if (data.id == null) {
                            return; // dropped mid-data, or the client went away
                        }
                        if (data.stalled) {
                            // The client gave up waiting; what it had sent held the end of data.
                            store(data);
                            lostReplies.add(data.id);
                            return;
                        }
                        if (!endOfMessage(socket, out, in, data, fault)) {
                            return;
                        }
                        fault = null;
                    }
                    case "BDAT" -> {
                        SinkData data = SinkData.readChunk(current, in, out, line, fault == Fault.DROP_MID_DATA);
                        if (data.dropped) {
                            inject(Fault.DROP_MID_DATA);
                            if (data.id != null) {
                                lostReplies.add(data.id);
                            }
                            return;
                        }
                        if (data.id == null) {
                            return;
                        }
                        if (fault == Fault.STALL_AT_DATA) {
                            // The chunk held the end: never answered, not taken.
                            lostReplies.add(data.id);
                            Thread.sleep(stallMillis);
                            return;
                        }
                        if (!endOfMessage(socket, out, in, data, fault)) {
                            return;
                        }
                        fault = null;
                    }
                    case "RSET" -> {
                        fault = null;
                        reply(out, in, "250 2.0.0 Ok");
                    }
                    case "NOOP" -> reply(out, in, "250 2.0.0 Ok");
                    case "QUIT" -> {
                        reply(out, in, "221 2.0.0 Bye");
                        out.flush();
                        return;
                    }
                    default -> reply(out, in, "500 5.5.2 unknown command");
                }
            }
        } catch (IOException ignored) {
            // The client went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the sink is closing
        }
    }

    /** The message is whole: refused, taken, or taken with its reply lost. False when the connection ends here. */
    private boolean endOfMessage(Socket raw, OutputStream out, InputStream in, SinkData data, @Nullable Fault fault)
            throws IOException {
        String id = java.util.Objects.requireNonNull(data.id);
        if (fault == Fault.REPLY_451) {
            reply(out, in, "451 4.3.0 chaos-sink: try again later");
            return true;
        }
        store(data);
        if (fault == Fault.DROP_AFTER_END_OF_DATA || fault == Fault.TLS_CORRUPT_AFTER_END_OF_DATA) {
            lostReplies.add(id);
            if (fault == Fault.TLS_CORRUPT_AFTER_END_OF_DATA) {
                out.flush();
                SinkData.corruptTls(raw);
            }
            return false;
        }
        reply(out, in, "250 2.0.0 Ok: queued");
        return true;
    }

    private void store(SinkData data) {
        received.computeIfAbsent(data.id, k -> new AtomicInteger()).incrementAndGet();
        digests.computeIfAbsent(data.id, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(data.sha256);
    }

    private static long sizeParameter(String mail) {
        int at = mail.toUpperCase(Locale.ROOT).indexOf(" SIZE=");
        if (at < 0) {
            return -1;
        }
        int end = at + 6;
        while (end < mail.length() && Character.isDigit(mail.charAt(end))) {
            end++;
        }
        return Long.parseLong(mail.substring(at + 6, end));
    }

    /** Writes a reply; flushes when no more pipelined commands wait (RFC 2920 section 3.2). */
    private static void reply(OutputStream out, InputStream in, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (in.available() == 0) {
            out.flush();
        }
    }

    static @Nullable String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
