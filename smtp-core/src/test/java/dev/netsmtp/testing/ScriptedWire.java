/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The wire side of a {@link Conversation}: reply, read lines, data and chunks, and look at what
 * was received and in which read of the socket. The scenarios built on these are in
 * {@link Conversation}.
 */
abstract class ScriptedWire {
    /** The TCP socket, under TLS once it is on. */
    private final Socket raw;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final List<String> requestedServerNames = new ArrayList<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> lineReads = new ArrayList<>();
    private final byte[] buf = new byte[65536];
    private int pos;
    private int limit;
    private int reads;

    ScriptedWire(Socket socket) throws IOException {
        this.raw = socket;
        this.socket = socket;
        // Replies go when written, as a server's do; Nagle would hold each small one 40 ms.
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Shrinks this side's socket buffers, as a small server or a busy stack has them, so that
     * replies the client leaves unread stop this server soon.
     *
     * @param bytes the size asked for the send and the receive buffer
     * @throws IOException when the socket refuses
     */
    public void smallBuffers(int bytes) throws IOException {
        socket.setSendBufferSize(bytes);
        socket.setReceiveBufferSize(bytes);
    }

    /**
     * Sends reply lines, each followed by CRLF, in one write.
     *
     * @param replyLines the lines, e.g. {@code "250-first"}, {@code "250 last"}
     * @throws IOException when the client has gone
     */
    public void reply(String... replyLines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : replyLines) {
            sb.append(l).append("\r\n");
        }
        raw(sb.toString());
    }

    /**
     * Sends bytes exactly as given.
     *
     * @param text the bytes, as UTF-8
     * @throws IOException when the client has gone
     */
    public void raw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Turns the connection into TLS as the server side; bytes the client sent before are
     * dropped, as a server must.
     *
     * @param context the server's TLS context
     * @throws IOException when the handshake fails
     */
    public void startTls(javax.net.ssl.SSLContext context) throws IOException {
        startTls(context, false);
    }

    /**
     * Turns the connection into TLS as the server side, asking the client for a certificate
     * (mutual TLS) when {@code needClientAuth}: the handshake fails without one it trusts.
     *
     * @param context the server's TLS context
     * @param needClientAuth whether a client certificate is required
     * @throws IOException when the handshake fails
     */
    public void startTls(javax.net.ssl.SSLContext context, boolean needClientAuth) throws IOException {
        javax.net.ssl.SSLSocket ssl =
                (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.setNeedClientAuth(needClientAuth);
        ssl.startHandshake();
        if (ssl.getSession() instanceof javax.net.ssl.ExtendedSSLSession ext) {
            ext.getRequestedServerNames()
                    .forEach(n -> requestedServerNames.add(((javax.net.ssl.SNIHostName) n).getAsciiName()));
        }
        socket = ssl;
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
        pos = 0;
        limit = 0;
    }

    /**
     * Returns the SNI names the client sent in its TLS handshake.
     *
     * @return the names
     */
    public List<String> requestedServerNames() {
        return List.copyOf(requestedServerNames);
    }

    /**
     * Reads one line.
     *
     * @return the line without CRLF
     * @throws IOException when the client closes or nothing comes within 10 s
     */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = read();
            if (b < 0) {
                throw new IOException("client closed the connection; lines so far: " + lines);
            }
            if (b == '\n') {
                byte[] l = line.toByteArray();
                int len = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
                String s = new String(l, 0, len, StandardCharsets.UTF_8);
                lines.add(s);
                lineReads.add(reads);
                return s;
            }
            line.write(b);
        }
    }

    /**
     * Reads a line and checks it starts with the prefix (ignoring case).
     *
     * @param prefix the expected start
     * @return the line
     * @throws IOException when reading fails
     */
    public String expect(String prefix) throws IOException {
        String line = readLine();
        if (!line.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new AssertionError("expected a line starting with \"" + prefix + "\" but got \"" + line + "\"");
        }
        return line;
    }

    /**
     * Reads message data up to and including the terminating {@code CRLF.CRLF}.
     *
     * @return the raw bytes, dot-stuffed, with the terminator
     * @throws IOException when the client closes first
     */
    public byte[] readData() throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int state = 2; // 0 text, 1 CR, 2 line start (after CRLF), 3 dot at line start, 4 dot CR
        while (true) {
            int b = read();
            if (b < 0) {
                throw new IOException("client closed the connection inside the data");
            }
            data.write(b);
            state = switch (state) {
                case 2 -> b == '.' ? 3 : b == '\r' ? 1 : 0;
                case 3 -> b == '\r' ? 4 : b == '.' ? 0 : 0;
                case 4 -> b == '\n' ? 5 : 0;
                case 1 -> b == '\n' ? 2 : b == '\r' ? 1 : 0;
                default -> b == '\r' ? 1 : 0;
            };
            if (state == 5) {
                return data.toByteArray();
            }
        }
    }

    /**
     * Tells whether a line read earlier arrived in the same read() of the socket as the last
     * byte read so far: proof that the line and what followed it were one write.
     *
     * @param index index of the line in {@link #lines()}
     * @return true when it came in the current read
     */
    public boolean inCurrentRead(int index) {
        return lineReads.get(index) == reads;
    }

    /**
     * Reads exactly {@code n} bytes: a BDAT chunk (RFC 3030).
     *
     * @param n how many
     * @return the bytes
     * @throws IOException when the client closes first
     */
    public byte[] readBytes(long n) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (long i = 0; i < n; i++) {
            int b = read();
            if (b < 0) {
                throw new IOException("client closed the connection inside the chunk, after " + i + " bytes");
            }
            data.write(b);
        }
        return data.toByteArray();
    }

    /**
     * Tells whether the client stays silent for a while: proof that it waits for a reply.
     *
     * @param quiet how long to wait for a byte
     * @return true when no byte came
     * @throws IOException when reading fails otherwise
     */
    public boolean quietFor(Duration quiet) throws IOException {
        if (pos < limit) {
            return false;
        }
        int old = socket.getSoTimeout();
        socket.setSoTimeout((int) quiet.toMillis());
        try {
            return read() < 0 ? false : unread();
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    private boolean unread() {
        pos--;
        return false;
    }

    /**
     * Counts the reads of the socket so far: right after {@link #readData()}, the read the
     * end of data arrived in.
     *
     * @return the number of reads
     */
    public int readCount() {
        return reads;
    }

    /**
     * Tells in which read of the socket a line arrived.
     *
     * @param index index of the line in {@link #lines()}
     * @return the read's number, comparable with {@link #readCount()}
     */
    public int readOf(int index) {
        return lineReads.get(index);
    }

    /**
     * Tells whether two lines read arrived in the same read() of the socket: proof of one write.
     *
     * @param first index of the first line in {@link #lines()}
     * @param last index of the last line
     * @return true when both came in one read
     */
    public boolean sameRead(int first, int last) {
        return lineReads.get(first).equals(lineReads.get(last));
    }

    /**
     * Waits until the client closes the connection.
     *
     * @return true when it closed within 5 s
     * @throws IOException when reading fails otherwise
     */
    public boolean awaitClose() throws IOException {
        try {
            socket.setSoTimeout(5_000);
            while (read() >= 0) {
                // Drain what the client still sends.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /**
     * Returns the lines read so far.
     *
     * @return the lines, without CRLF
     */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Returns every byte received so far.
     *
     * @return the bytes
     */
    public byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    /**
     * Sends text one byte at a time with a pause before each, as a server that drips its reply;
     * stops quietly when the client has gone.
     *
     * @param text the bytes, as UTF-8
     * @param pause the wait before each byte
     * @return true when every byte went out
     * @throws InterruptedException when interrupted
     */
    public boolean drip(String text, Duration pause) throws InterruptedException {
        try {
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                Thread.sleep(pause.toMillis());
                out.write(b);
                out.flush();
            }
            return true;
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * Stays silent and reads nothing for a while, as a hung server; ends early when the
     * connection is closed by {@link ScriptedSmtpServer#close()}.
     *
     * @param time how long
     * @throws InterruptedException when interrupted
     */
    public void stall(Duration time) throws InterruptedException {
        long end = System.nanoTime() + time.toNanos();
        while (System.nanoTime() - end < 0 && !socket.isClosed()) {
            Thread.sleep(10);
        }
    }

    /**
     * Writes a TLS application-data record of garbage on the TCP socket under TLS, which the
     * client cannot decrypt, then closes the connection without TLS's goodbye.
     *
     * @throws IOException when the client has gone
     */
    public void corruptTlsRecord() throws IOException {
        byte[] record = new byte[5 + 32];
        record[0] = 0x17;
        record[1] = 0x03;
        record[2] = 0x03;
        record[4] = 32;
        for (int i = 5; i < record.length; i++) {
            record[i] = (byte) (i * 41);
        }
        raw.getOutputStream().write(record);
        raw.getOutputStream().flush();
        raw.close();
    }

    /** Drops the connection with a TCP reset (RST), as a crashed server or a firewall would. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // Closing is what matters.
        }
        close();
    }

    /** Drops the connection at once. */
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that is wanted.
        }
    }

    private int read() throws IOException {
        if (pos == limit) {
            int n = in.read(buf);
            if (n < 0) {
                return -1;
            }
            reads++;
            synchronized (received) {
                received.write(buf, 0, n);
            }
            pos = 0;
            limit = n;
        }
        return buf[pos++] & 0xff;
    }
}
