/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A property of the DATA encoder, checked on 100,000 generated bodies (a seeded generator, so a
 * failure names the seed and the body index that reproduce it): bodies heavy in what goes wrong,
 * bare CR and LF, a CR at the end of a write, lines that start with dots, "." alone on a line,
 * 8-bit bytes and lines longer than 998 octets, written in pieces of random sizes.
 *
 * <p>Decoding what the encoder wrote (RFC 5321 section 4.5.2: strip one leading dot, stop at
 * {@code .CRLF}) gives the message with its line ends made CRLF (section 2.3.8) and a CRLF at the
 * end; the wire form holds no bare CR and no bare LF; and the SIZE declared for a message in
 * memory is the length of that normalised form.
 */
class DataEncodingPropertyTests {

    private static final long SEED = 20261201L;
    private static final int BODIES = 100_000;
    private static final byte[] AWKWARD = {'\r', '\n', '.', 'a', (byte) 0xC3, (byte) 0xFF};

    @Test
    void encodedBodiesDecodeToTheNormalisedMessage() throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int n = 0; n < BODIES; n++) {
            byte[] body = body(random);
            int piece = 1 + random.nextInt(64);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            DotStuffingOutputStream data = new DotStuffingOutputStream(wire);
            for (int off = 0; off < body.length; off += piece) {
                data.write(body, off, Math.min(piece, body.length - off));
            }
            data.finish();
            byte[] encoded = wire.toByteArray();
            String where = "seed " + SEED + ", body " + n + ": " + Arrays.toString(body) + ", pieces of " + piece;

            assertThat(decode(encoded)).as(where).isEqualTo(normalise(body));
            assertWellFormed(encoded, where);
            MessageBody memory = MessageBody.of(body);
            assertThat(memory.size()).as(where).isEqualTo(normalise(body).length);
            boolean highByte = false;
            for (byte x : body) {
                highByte |= x < 0;
            }
            assertThat(memory.mayBeEightBit()).as(where).isEqualTo(highByte);
        }
    }

    private static byte[] body(SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            // Runs of plain text of every length between the awkward bytes: the scans skip words
            // of eight plain bytes, so every alignment of a line end to a word must be right.
            ByteArrayOutputStream mixed = new ByteArrayOutputStream();
            int pieces = random.nextInt(12);
            for (int p = 0; p < pieces; p++) {
                int run = random.nextInt(30);
                for (int i = 0; i < run; i++) {
                    mixed.write('a' + random.nextInt(26));
                }
                mixed.write(AWKWARD[random.nextInt(AWKWARD.length)]);
            }
            return mixed.toByteArray();
        }
        if (random.nextInt(10) == 0) {
            byte[] longLine = new byte[990 + random.nextInt(2010)];
            Arrays.fill(longLine, (byte) 'x');
            longLine[0] = '.';
            return longLine;
        }
        byte[] b = new byte[random.nextInt(201)];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextInt(7) == 0 ? (byte) random.nextInt(256) : AWKWARD[random.nextInt(AWKWARD.length)];
        }
        return b;
    }

    /** RFC 5321 section 2.3.8: CRLF, bare CR and bare LF each end a line; a last line gets CRLF. */
    static byte[] normalise(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        byte[] n = out.toByteArray();
        boolean endsWithCrlf = n.length >= 2 && n[n.length - 2] == '\r' && n[n.length - 1] == '\n';
        if (n.length > 0 && !endsWithCrlf) {
            out.write('\r');
            out.write('\n');
            n = out.toByteArray();
        }
        return n;
    }

    /** The receiving side of RFC 5321 section 4.5.2, written independently of the encoder. */
    static byte[] decode(byte[] wire) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(wire.length);
        int lineStart = 0;
        for (int i = 0; i + 1 < wire.length; i++) {
            if (wire[i] == '\r' && wire[i + 1] == '\n') {
                int len = i - lineStart;
                if (len == 1 && wire[lineStart] == '.') {
                    assertThat(i + 2).as("nothing after the end of data").isEqualTo(wire.length);
                    return out.toByteArray();
                }
                int from = len > 0 && wire[lineStart] == '.' ? lineStart + 1 : lineStart;
                out.write(wire, from, i + 2 - from);
                lineStart = i + 2;
                i++;
            }
        }
        throw new AssertionError("the data does not end with CRLF.CRLF");
    }

    private static void assertWellFormed(byte[] wire, String where) {
        for (int i = 0; i < wire.length; i++) {
            if (wire[i] == '\r' && (i + 1 == wire.length || wire[i + 1] != '\n')) {
                throw new AssertionError("bare CR at " + i + " (" + where + ")");
            }
            if (wire[i] == '\n' && (i == 0 || wire[i - 1] != '\r')) {
                throw new AssertionError("bare LF at " + i + " (" + where + ")");
            }
        }
    }
}
