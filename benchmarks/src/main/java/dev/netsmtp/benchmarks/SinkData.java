/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link FaultySink} read of one message, and how it reads it: DATA (undoing the
 * dot-stuffing) or BDAT chunks (RFC 3030, taken as they are), into the SHA-256 of the body as
 * stored and its Message-ID.
 */
final class SinkData {

    private static final byte[] CRLF = {'\r', '\n'};

    /** The Message-ID, or null when the message broke off before its end. */
    final @Nullable String id;

    final String sha256;
    /** The sink dropped the connection in the middle of the data. */
    final boolean dropped;
    /** The sink stopped reading for a while in the middle of the data, then read on. */
    final boolean stalled;

    private SinkData(@Nullable String id, String sha256, boolean dropped, boolean stalled) {
        this.id = id;
        this.sha256 = sha256;
        this.dropped = dropped;
        this.stalled = stalled;
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the data to its end, undoing the dot-stuffing (RFC 5321 section 4.5.2) into a SHA-256
     * of the body as stored. Drops the connection after {@code dropAfter} lines, or stalls for
     * {@code stallMillis} after {@code stallAfter} lines and then reads what is left; -1 for neither.
     */
    static SinkData readData(Socket socket, InputStream in, int dropAfter, int stallAfter, long stallMillis)
            throws IOException, InterruptedException {
        MessageDigest sha = sha();
        String id = "(no Message-ID)";
        boolean headers = true;
        boolean stalled = false;
        int lines = 0;
        String line;
        while ((line = FaultySink.readLine(in)) != null) {
            if (line.equals(".")) {
                return new SinkData(id, HexFormat.of().formatHex(sha.digest()), false, stalled);
            }
            lines++;
            if (lines == dropAfter) {
                return new SinkData(drainToEnd(socket, in) ? id : null, "", true, false);
            }
            if (lines == stallAfter) {
                Thread.sleep(stallMillis);
                stalled = true;
            }
            byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
            int from = bytes.length > 0 && bytes[0] == '.' ? 1 : 0;
            sha.update(bytes, from, bytes.length - from);
            sha.update(CRLF);
            if (headers) {
                if (line.isEmpty()) {
                    headers = false;
                } else if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                    id = line.substring(11).trim();
                }
            }
        }
        return new SinkData(null, "", false, stalled);
    }

    /**
     * Reads a message sent by BDAT, from its first chunk's command to {@code BDAT n LAST},
     * answering each chunk before LAST. With {@code dropMid}, stops after half of the first chunk
     * and reads on for a moment only to learn whether the end had come (then the client cannot
     * tell its message from one taken with the reply lost).
     */
    static SinkData readChunk(Socket socket, InputStream in, OutputStream out, String first, boolean dropMid)
            throws IOException {
        MessageDigest sha = sha();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        String command = first;
        while (true) {
            String[] words = command.split(" +");
            if (words.length < 2 || !words[0].equalsIgnoreCase("BDAT")) {
                return new SinkData(null, "", false, false);
            }
            long size = Long.parseLong(words[1]);
            boolean last = words.length > 2 && words[2].equalsIgnoreCase("LAST");
            if (dropMid) {
                byte[] part = in.readNBytes((int) Math.min(size / 2, Integer.MAX_VALUE));
                head.writeBytes(part);
                // Reads on for a moment, through the chunks still coming, to learn whether LAST came.
                socket.setSoTimeout(200);
                try {
                    long rest = size - part.length;
                    while (true) {
                        byte[] more = in.readNBytes((int) rest);
                        if (head.size() < 65536) {
                            head.writeBytes(more);
                        }
                        if (more.length < rest) {
                            return new SinkData(null, "", true, false);
                        }
                        if (last) {
                            return new SinkData(messageId(head.toByteArray()), "", true, false);
                        }
                        String next = FaultySink.readLine(in);
                        String[] w = next == null ? new String[0] : next.split(" +");
                        if (w.length < 2 || !w[0].equalsIgnoreCase("BDAT")) {
                            return new SinkData(null, "", true, false);
                        }
                        rest = Long.parseLong(w[1]);
                        last = w.length > 2 && w[2].equalsIgnoreCase("LAST");
                    }
                } catch (SocketTimeoutException stillWriting) {
                    return new SinkData(null, "", true, false);
                }
            }
            byte[] bytes = in.readNBytes((int) size);
            if (bytes.length < size) {
                return new SinkData(null, "", false, false);
            }
            sha.update(bytes);
            if (head.size() < 65536) {
                head.writeBytes(bytes);
            }
            if (last) {
                return new SinkData(
                        messageId(head.toByteArray()), HexFormat.of().formatHex(sha.digest()), false, false);
            }
            out.write(("250 2.0.0 " + size + " octets\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            command = FaultySink.readLine(in);
            if (command == null) {
                return new SinkData(null, "", false, false);
            }
        }
    }

    /**
     * Before a drop at MAIL or RCPT: reads on for a moment to see whether {@code BDAT n LAST}
     * and its whole chunk came with the envelope, as a one-recipient BDAT send writes them. Then
     * the client has sent its end of data and cannot know whether it was taken.
     *
     * @return the Message-ID of a message whose end of data came, or empty
     */
    static Optional<String> chunkBehind(Socket socket, InputStream in) throws IOException {
        socket.setSoTimeout(200);
        try {
            String line;
            while ((line = FaultySink.readLine(in)) != null) {
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("BDAT ")) {
                    String[] words = line.split(" +");
                    long size = Long.parseLong(words[1]);
                    byte[] bytes = in.readNBytes((int) size);
                    boolean last = words.length > 2 && words[2].equalsIgnoreCase("LAST");
                    return last && bytes.length == size ? Optional.of(messageId(bytes)) : Optional.empty();
                }
                if (upper.startsWith("DATA")) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        } catch (SocketTimeoutException nothingMore) {
            return Optional.empty();
        }
    }

    /** Writes a TLS application-data record of garbage on the TCP socket under TLS. */
    static void corruptTls(Socket raw) throws IOException {
        byte[] record = new byte[5 + 48];
        record[0] = 0x17;
        record[1] = 0x03;
        record[2] = 0x03;
        record[4] = 48;
        for (int i = 5; i < record.length; i++) {
            record[i] = (byte) (i * 29 + 7);
        }
        raw.getOutputStream().write(record);
        raw.getOutputStream().flush();
    }

    /**
     * Before a drop in the middle of the data, reads on for a moment without storing anything: a
     * small message may already be here whole, and then the client is waiting for a reply that
     * will not come.
     *
     * @return true when the end of data was there
     */
    private static boolean drainToEnd(Socket socket, InputStream in) throws IOException {
        socket.setSoTimeout(200);
        try {
            String line;
            while ((line = FaultySink.readLine(in)) != null) {
                if (line.equals(".")) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException stillWriting) {
            return false;
        }
    }

    private static String messageId(byte[] message) {
        String text = new String(message, 0, Math.min(message.length, 4096), StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n|\r|\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                return line.substring(11).trim();
            }
        }
        return "(no Message-ID)";
    }
}
