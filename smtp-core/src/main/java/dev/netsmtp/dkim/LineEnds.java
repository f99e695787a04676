/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dkim;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Normalises line ends to CRLF as the session's encoders do before the wire (a bare LF or a bare
 * CR becomes CRLF), so that what is signed is what is sent. Streams; a CR at the end of one write
 * is decided at the next.
 */
final class LineEnds extends OutputStream {

    private final OutputStream out;
    private boolean cr;

    LineEnds(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        if (cr) {
            cr = false;
            out.write('\r');
            out.write('\n');
            if (b == '\n') {
                return;
            }
        }
        if (b == '\r') {
            cr = true;
        } else if (b == '\n') {
            out.write('\r');
            out.write('\n');
        } else {
            out.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (!cr) {
                int run = i;
                while (run < end && b[run] != '\r' && b[run] != '\n') {
                    run++;
                }
                if (run > i) {
                    out.write(b, i, run - i);
                    i = run;
                    continue;
                }
            }
            write(b[i++] & 0xff);
        }
    }

    /** Ends the input: a last bare CR becomes CRLF. */
    @Override
    public void close() throws IOException {
        if (cr) {
            cr = false;
            out.write('\r');
            out.write('\n');
        }
        out.flush();
    }
}
