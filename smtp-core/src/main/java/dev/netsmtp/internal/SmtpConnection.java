package dev.netsmtp.internal;

import dev.netsmtp.SmtpReply;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One TCP (or TLS) connection to an SMTP server: commands are buffered and go out on
 * {@link #flush()}, so a pipelined group (RFC 2920) is one write; replies come from a
 * {@link ReplyReader}. Every socket has a finite connect and read timeout. Not thread-safe.
 */
public final class SmtpConnection implements Closeable {

    private static final int OUT_BUFFER = 64 * 1024;

    private Socket socket;
    private ReplyReader reader;
    private OutputStream out;
    private final int readTimeoutMillis;
    private int currentReadTimeout;

    private SmtpConnection(Socket socket, int readTimeoutMillis) throws IOException {
        this.socket = socket;
        this.readTimeoutMillis = readTimeoutMillis;
        this.currentReadTimeout = readTimeoutMillis;
        this.reader = new ReplyReader(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream(), OUT_BUFFER);
    }

    /**
     * Connects.
     *
     * @param host the server's host name or address
     * @param port the server's port
     * @param connectTimeout how long the TCP connect may take; positive
     * @param readTimeout how long any read may block; positive
     * @return the open connection
     * @throws IOException when the connection cannot be made; the socket is closed
     */
    public static SmtpConnection connect(String host, int port, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // commands are batched here; Nagle would only delay them
            socket.setSoTimeout(toMillis(readTimeout));
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new java.net.UnknownHostException("unknown host: " + host);
            }
            socket.connect(address, toMillis(connectTimeout));
            return new SmtpConnection(socket, toMillis(readTimeout));
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /**
     * Wraps the connection in TLS: at once for implicit TLS (RFC 8314), or after a 220 reply to
     * STARTTLS (RFC 3207 section 4.2), when bytes the server sent after that reply are discarded
     * before the handshake runs.
     *
     * @param factory the TLS socket factory
     * @param peerHost the name to send in SNI and to verify the certificate against
     * @param configure adjusts the TLS socket (SNI, endpoint identification) before the handshake
     * @return how many bytes sent before the handshake were discarded
     * @throws IOException when the handshake fails
     */
    public int startTls(SSLSocketFactory factory, String peerHost, Consumer<SSLSocket> configure) throws IOException {
        int discarded = reader.discardBuffered();
        SSLSocket ssl = (SSLSocket) factory.createSocket(socket, peerHost, socket.getPort(), true);
        configure.accept(ssl);
        ssl.setSoTimeout(currentReadTimeout);
        ssl.startHandshake();
        socket = ssl;
        reader.switchTo(ssl.getInputStream());
        out = new BufferedOutputStream(ssl.getOutputStream(), OUT_BUFFER);
        return discarded;
    }

    /**
     * Changes how long a read may block, for a deadline shorter than the read timeout.
     *
     * @param millis positive milliseconds
     * @throws IOException when the socket refuses
     */
    public void readTimeout(int millis) throws IOException {
        if (millis != currentReadTimeout) {
            socket.setSoTimeout(millis);
            currentReadTimeout = millis;
        }
    }

    /**
     * Buffers one command and its CRLF; nothing is sent until {@link #flush()}.
     *
     * @param command the command without its line end
     * @throws IOException when the buffer overflows into a failing socket
     */
    public void write(String command) throws IOException {
        out.write(command.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
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
     * Reads one reply.
     *
     * @return the reply
     * @throws IOException when reading fails, times out or the reply is malformed
     */
    public SmtpReply readReply() throws IOException {
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

    /** Closes the socket without sending anything; never throws. */
    @Override
    public void close() {
        closeQuietly(socket);
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

    private static int toMillis(Duration d) {
        long ms = d.toMillis();
        if (ms <= 0) {
            throw new IllegalArgumentException("timeout must be positive, was " + d);
        }
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }
}
