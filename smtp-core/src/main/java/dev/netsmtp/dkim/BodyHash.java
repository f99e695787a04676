/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dkim;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The body's canonical form (RFC 6376 section 3.4.3 and 3.4.4), hashed as it streams: bytes in
 * (already CRLF line ends), SHA-256 out, nothing held but a count of pending empty lines and
 * whether white space is pending. Trailing empty lines are dropped; relaxed also drops white space
 * at line ends and turns each run of it into one space.
 */
final class BodyHash extends OutputStream {

    private final boolean relaxed;
    private final MessageDigest sha256;
    private long length;
    private long pendingEmptyLines;
    private boolean pendingSpace;
    private boolean lineStarted;
    private boolean crSeen;

    BodyHash(Canonicalization canonicalization) {
        this.relaxed = canonicalization == Canonicalization.RELAXED;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public void write(int b) {
        byte c = (byte) b;
        if (c == '\r') {
            crSeen = true;
            return;
        }
        if (c == '\n' && crSeen) {
            crSeen = false;
            endOfLine();
            return;
        }
        if (crSeen) {
            // A CR not followed by LF: content (the input is normalised, so this does not happen).
            crSeen = false;
            content((byte) '\r');
        }
        if (relaxed && (c == ' ' || c == '\t')) {
            pendingSpace = true;
            return;
        }
        content(c);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            // A run of ordinary bytes inside a started line goes to the digest in one call.
            if (lineStarted && !pendingSpace && !crSeen) {
                int run = i;
                while (run < end && ordinary(b[run])) {
                    run++;
                }
                if (run > i) {
                    sha256.update(b, i, run - i);
                    length += run - i;
                    i = run;
                    continue;
                }
            }
            write(b[i++]);
        }
    }

    private static boolean ordinary(byte c) {
        return c != '\r' && c != '\n' && c != ' ' && c != '\t';
    }

    private void content(byte c) {
        if (!lineStarted) {
            while (pendingEmptyLines > 0) {
                emit((byte) '\r');
                emit((byte) '\n');
                pendingEmptyLines--;
            }
            lineStarted = true;
        }
        if (pendingSpace) {
            emit((byte) ' ');
            pendingSpace = false;
        }
        emit(c);
    }

    private void endOfLine() {
        pendingSpace = false;
        if (lineStarted) {
            emit((byte) '\r');
            emit((byte) '\n');
            lineStarted = false;
        } else {
            pendingEmptyLines++;
        }
    }

    private void emit(byte c) {
        sha256.update(c);
        length++;
    }

    /** Ends the body and returns its hash; the canonical length is then {@link #length()}. */
    byte[] finish() {
        if (crSeen) {
            crSeen = false;
            content((byte) '\r');
        }
        if (lineStarted) {
            endOfLine();
        }
        if (!relaxed && length == 0) {
            // Simple: an empty body is one CRLF (RFC 6376 section 3.4.3).
            emit((byte) '\r');
            emit((byte) '\n');
        }
        return sha256.digest();
    }

    long length() {
        return length;
    }
}
