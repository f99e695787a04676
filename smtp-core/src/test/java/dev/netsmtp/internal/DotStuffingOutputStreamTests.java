/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotStuffingOutputStreamTests {

    /** RFC 5321 section 4.5.2 by the line, the slow obvious way: the reference for the fast one. */
    private static String reference(String message) {
        StringBuilder out = new StringBuilder();
        String normalized = message.replace("\r\n", "\n").replace('\r', '\n');
        String[] lines = normalized.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            boolean last = i == lines.length - 1;
            if (last && lines[i].isEmpty()) {
                break; // the message ended with a line break
            }
            out.append(lines[i].startsWith(".") ? "." : "").append(lines[i]).append("\r\n");
        }
        return out.append(".\r\n").toString();
    }

    @Test
    void everySplitOfTheWritesEncodesAsTheReference() throws IOException {
        String alphabet = "a.\r\n";
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 2000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(12);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String message = sb.toString();
            byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
            String expected = reference(message);
            for (int cut = 0; cut <= bytes.length; cut++) {
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                DotStuffingOutputStream data = new DotStuffingOutputStream(sink);
                data.write(bytes, 0, cut);
                data.write(bytes, cut, bytes.length - cut);
                data.finish();
                assertThat(sink.toString(StandardCharsets.US_ASCII))
                        .as("%s cut at %d", message.replace("\r", "\\r").replace("\n", "\\n"), cut)
                        .isEqualTo(expected);
            }
            assertThat(encodeByteByByte(message)).isEqualTo(expected);
        }
    }

    private static String encodeWhole(String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffingOutputStream dot = new DotStuffingOutputStream(out);
        dot.write(message.getBytes(StandardCharsets.ISO_8859_1));
        dot.finish();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String encodeByteByByte(String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffingOutputStream dot = new DotStuffingOutputStream(out);
        for (byte b : message.getBytes(StandardCharsets.ISO_8859_1)) {
            dot.write(b);
        }
        dot.finish();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "plain CRLF|a\\r\\nb\\r\\n|a\\r\\nb\\r\\n.\\r\\n",
                "bare LF|a\\nb\\n|a\\r\\nb\\r\\n.\\r\\n",
                "bare CR|a\\rb\\r|a\\r\\nb\\r\\n.\\r\\n",
                "no final newline|a\\r\\nb|a\\r\\nb\\r\\n.\\r\\n",
                "leading dot|.hidden\\r\\n..two\\r\\n|..hidden\\r\\n...two\\r\\n.\\r\\n",
                "dot on first line after bare LF|x\\n.\\ny|x\\r\\n..\\r\\ny\\r\\n.\\r\\n",
                "lone dot line|a\\r\\n.\\r\\nb|a\\r\\n..\\r\\nb\\r\\n.\\r\\n",
                "dot not at line start|a.b\\r\\n|a.b\\r\\n.\\r\\n",
                "CR CR LF|a\\r\\r\\nb|a\\r\\n\\r\\nb\\r\\n.\\r\\n",
                "LF CR|a\\n\\rb|a\\r\\n\\r\\nb\\r\\n.\\r\\n",
                "empty message|\"\"|.\\r\\n",
                "only newline|\\n|\\r\\n.\\r\\n",
                "starts with dot|.|..\\r\\n.\\r\\n",
            })
    void encodesAsRfc5321Requires(String name, String input, String expected) throws IOException {
        String in = unescape(input);
        String want = unescape(expected);
        assertThat(encodeWhole(in)).as(name).isEqualTo(want);
        assertThat(encodeByteByByte(in)).as(name + " byte by byte").isEqualTo(want);
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }
}
