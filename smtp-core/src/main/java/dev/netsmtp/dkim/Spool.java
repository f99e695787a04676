/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dkim;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a streamed message goes while it is signed in one pass: the header in memory until the
 * empty line (at most {@link DkimSigner#MAX_HEADER} bytes), then the body to the file and into the
 * body hash.
 */
final class Spool extends OutputStream {
    final BodyHash body;
    final OutputStream file;
    byte[] header = new byte[8192];
    int headerLength;
    boolean split;
    private int matched;

    Spool(Path path, BodyHash body) throws IOException {
        this.body = body;
        this.file = new BufferedOutputStream(Files.newOutputStream(path), 65536);
    }

    @Override
    public void write(int b) throws IOException {
        if (split) {
            file.write(b);
            body.write(b);
            return;
        }
        if (headerLength == header.length) {
            if (header.length >= DkimSigner.MAX_HEADER) {
                throw new IllegalArgumentException("the message's header is over " + DkimSigner.MAX_HEADER
                        + " bytes; DKIM signing holds the header in memory and stops there");
            }
            header = Arrays.copyOf(header, Math.min(DkimSigner.MAX_HEADER, header.length * 2));
        }
        header[headerLength++] = (byte) b;
        // CRLF CRLF ends the header; the first CRLF belongs to the last field.
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        if (matched == 4) {
            headerLength -= 2;
            split = true;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (split) {
            file.write(b, off, len);
            body.write(b, off, len);
            return;
        }
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    void finish() throws IOException {
        file.close();
    }
}
