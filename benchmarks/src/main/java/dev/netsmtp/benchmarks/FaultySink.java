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
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
        REPLY_451
    }

    private static final Fault[] TRANSACTION_FAULTS = {
        Fault.DROP_AFTER_MAIL,
        Fault.DROP_AFTER_RCPT,
        Fault.DROP_MID_DATA,
        Fault.DROP_AFTER_END_OF_DATA,
        Fault.REPLY_421,
        Fault.REPLY_451
    };

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-sink");
        t.setDaemon(true);
        return t;
    });
    private final Random random;
    private final double faultRate;
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);

    /**
     * Starts the sink on an ephemeral port.
     *
     * @param seed the random seed
     * @param faultRate the chance of a fault per transaction (and, twice it, of a drop after the greeting)
     */
    FaultySink(long seed, double faultRate) throws IOException {
        this.random = new Random(seed);
        this.faultRate = faultRate;
        for (Fault f : Fault.values()) {
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
        return TRANSACTION_FAULTS[random.nextInt(TRANSACTION_FAULTS.length)];
    }

    private Fault inject(Fault f) {
        injected.get(f).incrementAndGet();
        return f;
    }

    private void serve(Socket socket) {
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
            String line;
            while ((line = readLine(in)) != null) {
                String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(
                            out,
                            in,
                            "250-chaos-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n"
                                    + "250-ENHANCEDSTATUSCODES\r\n250 SIZE 10485760");
                    case "HELO" -> reply(out, in, "250 chaos-sink");
                    case "MAIL" -> {
                        fault = nextDouble() < faultRate ? inject(nextTransactionFault()) : null;
                        if (fault == Fault.DROP_AFTER_MAIL) {
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
                            return;
                        }
                        reply(out, in, "250 2.1.5 Ok");
                    }
                    case "DATA" -> {
                        reply(out, in, "354 End data with <CR><LF>.<CR><LF>");
                        out.flush();
                        String id = readData(in, fault == Fault.DROP_MID_DATA);
                        if (id == null) {
                            return; // dropped mid-data, or the client went away
                        }
                        if (fault == Fault.REPLY_451) {
                            reply(out, in, "451 4.3.0 chaos-sink: try again later");
                        } else {
                            received.computeIfAbsent(id, k -> new AtomicInteger())
                                    .incrementAndGet();
                            if (fault == Fault.DROP_AFTER_END_OF_DATA) {
                                return;
                            }
                            reply(out, in, "250 2.0.0 Ok: queued");
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
        }
    }

    /** Writes a reply; flushes when no more pipelined commands wait (RFC 2920 section 3.2). */
    private static void reply(OutputStream out, InputStream in, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (in.available() == 0) {
            out.flush();
        }
    }

    private static String readLine(InputStream in) throws IOException {
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

    /** Reads the data to its end; returns the Message-ID, or null when it drops or the data breaks off. */
    private static String readData(InputStream in, boolean dropMidway) throws IOException {
        String id = "(no Message-ID)";
        boolean headers = true;
        int lines = 0;
        String line;
        while ((line = readLine(in)) != null) {
            if (line.equals(".")) {
                return id;
            }
            if (dropMidway && ++lines == 5) {
                return null;
            }
            if (headers) {
                if (line.isEmpty()) {
                    headers = false;
                } else if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                    id = line.substring(11).trim();
                }
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
