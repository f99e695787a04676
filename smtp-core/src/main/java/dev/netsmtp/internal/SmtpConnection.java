/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import dev.netsmtp.SmtpReply;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * One TCP (or TLS) connection to an SMTP server: commands are buffered and go out on
 * {@link #flush()}, so a pipelined group (RFC 2920) is one write; replies come from a
 * {@link ReplyReader}. Every read, write, DNS lookup, connect and TLS handshake is bounded in time
 * (see {@link BoundedSocket}), and never runs past the deadline set by {@link #deadline(long)}.
 * Not thread-safe.
 */
public final class SmtpConnection implements Closeable {

    /** Resolves a host name to its addresses, in the order to try them. */
    @FunctionalInterface
    public interface Lookup {
        /**
         * Resolves.
         *
         * @param host the name or address literal
         * @return at least one address
         * @throws UnknownHostException when the name does not resolve
         */
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private final BoundedSocket raw;
    private Socket socket;
    private final ReplyReader reader;
    private final WireOutput out;
    /** Reused to encode each ASCII command with its CRLF: one connection is used by one thread at a time. */
    private byte[] scratch = new byte[256];

    private static final byte[] CRLF = {'\r', '\n'};

    private SmtpConnection(BoundedSocket raw) throws IOException {
        this.raw = raw;
        this.socket = raw;
        this.reader = new ReplyReader(raw.getInputStream());
        this.out = new WireOutput(raw.getOutputStream());
    }

    /**
     * Resolves the host and connects to its addresses in order until one accepts. The lookup and
     * each connect are bounded by {@code connectTimeout}; all of it stops at the deadline.
     *
     * @param host the server's host name or address
     * @param port the server's port
     * @param lookup how to resolve the host
     * @param connectTimeout the bound on the lookup and on each connect; positive
     * @param writeTimeout the bound on each write of at most 64 KiB; positive
     * @param deadline a {@link System#nanoTime()} that nothing may pass, or empty
     * @return the open connection
     * @throws IOException when no address accepts (the last failure, the others suppressed), or
     *     an {@link IoTimeoutException} when the time ran out; no socket is left open
     */
    public static SmtpConnection connect(
            String host, int port, Lookup lookup, Duration connectTimeout, Duration writeTimeout, OptionalLong deadline)
            throws IOException {
        long connectNanos = positive(connectTimeout).toNanos();
        long writeNanos = positive(writeTimeout).toNanos();
        List<InetAddress> addresses = resolve(host, lookup, within(connectNanos, deadline), deadline);
        IOException last = null;
        for (InetAddress address : addresses) {
            long left = within(connectNanos, deadline);
            if (left <= 0) {
                IoTimeoutException t = new IoTimeoutException(false, true);
                if (last != null) {
                    t.addSuppressed(last);
                }
                throw t;
            }
            BoundedSocket s = new BoundedSocket(writeNanos);
            deadline.ifPresent(s::deadline);
            try {
                s.setTcpNoDelay(true); // commands are batched here; Nagle would only delay them
                s.connect(new InetSocketAddress(address, port), millis(left));
                return new SmtpConnection(s);
            } catch (IOException | RuntimeException e) {
                closeQuietly(s);
                if (e instanceof SocketTimeoutException
                        && deadline.isPresent()
                        && deadline.getAsLong() - System.nanoTime() <= 0) {
                    IoTimeoutException t = new IoTimeoutException(false, true);
                    t.initCause(e);
                    throw t;
                }
                IOException io = e instanceof IOException i ? i : new IOException(e);
                if (last != null) {
                    io.addSuppressed(last);
                }
                last = io;
            }
        }
        throw last == null ? new UnknownHostException("no address for " + host) : last;
    }

    private static List<InetAddress> resolve(String host, Lookup lookup, long timeoutNanos, OptionalLong deadline)
            throws IOException {
        if (timeoutNanos <= 0) {
            throw new IoTimeoutException(false, true);
        }
        if (isAddressLiteral(host)) {
            return lookup.resolve(host); // no name service is asked, so nothing can hang
        }
        // The JDK's resolver cannot be interrupted or given a timeout, so it runs on a capped pool
        // of daemon threads, left behind when it is slower than the bound.
        try {
            List<InetAddress> found = BoundedCalls.LOOKUPS.call(() -> lookup.resolve(host), timeoutNanos);
            if (found.isEmpty()) {
                throw new UnknownHostException("no address for " + host);
            }
            return found;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IOException("the DNS lookup of " + host + " was not started: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            boolean byDeadline = deadline.isPresent() && deadline.getAsLong() - System.nanoTime() <= 0;
            IoTimeoutException t = new IoTimeoutException(false, byDeadline);
            t.initCause(new SocketTimeoutException("the DNS lookup of " + host + " did not finish in time"));
            throw t;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("the DNS lookup of " + host + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during the DNS lookup of " + host);
        }
    }

    /**
     * Wraps the connection in TLS: at once for implicit TLS (RFC 8314), or after a 220 reply to
     * STARTTLS (RFC 3207 section 4.2), when bytes the server sent after that reply are discarded
     * before the handshake runs. The whole handshake is bounded by {@code timeout}.
     *
     * @param factory the TLS socket factory
     * @param peerHost the name to send in SNI and to verify the certificate against
     * @param configure adjusts the TLS socket (SNI, endpoint identification) before the handshake
     * @param timeout the bound on the handshake
     * @return how many bytes sent before the handshake were discarded
     * @throws IOException when the handshake fails or times out
     */
    public int startTls(SSLSocketFactory factory, String peerHost, Consumer<SSLSocket> configure, Duration timeout)
            throws IOException {
        int discarded = reader.discardBuffered();
        SSLSocket ssl = (SSLSocket) factory.createSocket(raw, peerHost, raw.getPort(), true);
        configure.accept(ssl);
        raw.readWithin(timeout.toNanos());
        ssl.startHandshake();
        socket = ssl;
        reader.switchTo(ssl.getInputStream());
        out.switchTo(ssl.getOutputStream());
        return discarded;
    }

    /**
     * Sets the deadline that no read or write may pass.
     *
     * @param nanoTime a {@link System#nanoTime()}
     */
    public void deadline(long nanoTime) {
        raw.deadline(nanoTime);
    }

    /** Lifts the deadline. */
    public void clearDeadline() {
        raw.clearDeadline();
    }

    /**
     * Buffers one command and its CRLF; nothing is sent until {@link #flush()}.
     *
     * @param command the command without its line end
     * @throws IOException when the buffer overflows into a failing socket
     */
    public void write(String command) throws IOException {
        int n = command.length();
        if (scratch.length < n + 2) {
            scratch = new byte[Math.max(n + 2, 2 * scratch.length)];
        }
        for (int i = 0; i < n; i++) {
            char c = command.charAt(i);
            if (c >= 0x80) {
                // Not ASCII (an SMTPUTF8 address): the general encoder.
                out.write(command.getBytes(StandardCharsets.UTF_8));
                out.write(CRLF);
                return;
            }
            scratch[i] = (byte) c;
        }
        scratch[n] = '\r';
        scratch[n + 1] = '\n';
        out.write(scratch, 0, n + 2);
    }

    /**
     * Sends everything buffered.
     *
     * @throws IOException when the socket fails
     */
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Returns how many bytes were taken for sending so far, buffered or sent: the position just
     * after the last byte written. A mark for {@link #mayHaveSent(long)}.
     *
     * @return the position
     */
    public long position() {
        return out.position();
    }

    /**
     * Tells whether the bytes up to {@code mark} can all have reached the server: written by
     * socket writes that returned, or before the last byte of the one that failed (which never
     * went).
     *
     * @param mark a {@link #position()}
     * @return false only when some of them surely never went
     */
    public boolean mayHaveSent(long mark) {
        return out.mayHaveSent(mark);
    }

    /**
     * Returns the error of the first write that failed; every write after it fails too.
     *
     * @return the failure, or null while writing works
     */
    public @Nullable IOException writeFailure() {
        return out.failure();
    }

    /**
     * Reads one reply, which must arrive whole within {@code timeout} (and before the deadline).
     *
     * @param timeout the bound on the whole reply, however it is split into packets
     * @return the reply
     * @throws IOException when reading fails, times out ({@link IoTimeoutException}) or the reply
     *     is malformed
     */
    public SmtpReply readReply(Duration timeout) throws IOException {
        raw.readWithin(timeout.toNanos());
        return reader.read();
    }

    /**
     * Returns the buffered stream for message data, to be wrapped in a {@link DotStuffingOutputStream}.
     *
     * @return the output stream; closing it is not allowed
     */
    public OutputStream output() {
        return out;
    }

    /**
     * Tells whether the connection is TLS-protected.
     *
     * @return true after implicit TLS or STARTTLS
     */
    public boolean isEncrypted() {
        return socket instanceof SSLSocket;
    }

    /**
     * Returns the socket, for TLS session details.
     *
     * @return the current socket
     */
    public Socket socket() {
        return socket;
    }

    /**
     * Closes the socket without sending a command; never throws. A TLS socket sends its
     * close_notify alert, bounded like any write and never waiting more than a second for the
     * server's.
     */
    @Override
    public void close() {
        if (socket != raw) {
            raw.readWithin(TimeUnit.SECONDS.toNanos(1)); // capped by the deadline, as every bound is
        }
        closeQuietly(socket);
        closeQuietly(raw);
    }

    /**
     * Tells whether the socket was closed.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return socket.isClosed();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException | RuntimeException ignored) {
            // Nothing more can be done with a socket that will not close.
        }
    }

    private static boolean isAddressLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    private static Duration positive(Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + d);
        }
        return d;
    }

    private static long within(long timeoutNanos, OptionalLong deadline) {
        return deadline.isPresent() ? Math.min(timeoutNanos, deadline.getAsLong() - System.nanoTime()) : timeoutNanos;
    }

    private static int millis(long nanos) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (nanos + 999_999) / 1_000_000));
    }
}
