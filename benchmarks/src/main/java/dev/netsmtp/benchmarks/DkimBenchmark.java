/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import dev.netsmtp.dkim.DkimKey;
import dev.netsmtp.dkim.DkimSigner;
import dev.netsmtp.dkim.SignedMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;

/**
 * DKIM signing cost, on one thread (so messages per second per core): RSA-2048 and Ed25519, 2 KiB
 * and 1 MiB messages, relaxed/relaxed; then, with {@code stream N}, a streamed message of N MiB
 * signed in one pass (run it under {@code -Xmx64m} to show the body is not held in memory).
 * Prints CSV: algorithm, size, messages, seconds, messages_per_second.
 *
 * <pre>
 * java -jar benchmarks/target/netsmtp-benchmarks.jar dkim
 * java -Xmx64m -jar benchmarks/target/netsmtp-benchmarks.jar dkim stream 1024
 * </pre>
 */
final class DkimBenchmark {

    private DkimBenchmark() {}

    static void main(String[] args) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        DkimSigner rsaSigner = DkimSigner.builder()
                .key(DkimKey.of("example.com", "rsa", rsa.generateKeyPair().getPrivate()))
                .build();
        DkimSigner edSigner = DkimSigner.builder()
                .key(DkimKey.of(
                        "example.com",
                        "ed",
                        KeyPairGenerator.getInstance("Ed25519")
                                .generateKeyPair()
                                .getPrivate()))
                .build();
        if (args.length >= 2 && args[0].equals("stream")) {
            long mib = Long.parseLong(args[1]);
            stream(edSigner, mib);
            return;
        }
        System.out.println("algorithm,size,messages,seconds,messages_per_second");
        for (int size : new int[] {2048, 1024 * 1024}) {
            byte[] message = message(size);
            for (DkimSigner signer : new DkimSigner[] {rsaSigner, edSigner}) {
                String name = signer.keys().get(0).algorithm().tag();
                int n = size > 4096 ? 200 : 5000;
                for (int i = 0; i < n / 5; i++) {
                    signer.sign(message); // warm-up
                }
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    signer.sign(message);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s,%d,%d,%.3f,%.0f%n", name, size, n, seconds, n / seconds);
            }
        }
    }

    /** A message of about {@code size} bytes: headers, then 76-byte lines. */
    private static byte[] message(int size) {
        StringBuilder sb = new StringBuilder(size + 128)
                .append("From: a@example.com\r\nTo: b@example.net\r\nSubject: bench\r\n")
                .append("Date: Mon, 07 Dec 2026 10:00:00 +0000\r\nMessage-ID: <bench@example.com>\r\n\r\n");
        while (sb.length() < size) {
            sb.append("abcdefghij".repeat(7)).append("klmn\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void stream(DkimSigner signer, long mib) throws Exception {
        long total = mib * 1024 * 1024;
        byte[] line = ("x".repeat(74) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] head =
                "From: a@example.com\r\nTo: b@example.net\r\nSubject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        InputStream body = new InputStream() {
            long produced;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (produced >= total) {
                    return -1;
                }
                int n = 0;
                while (n < len && produced < total) {
                    long at = produced < head.length ? produced : (produced - head.length) % line.length;
                    b[off + n++] = produced < head.length ? head[(int) produced] : line[(int) at];
                    produced++;
                }
                return n;
            }
        };
        Path dir = Files.createTempDirectory("netsmtp-dkim-bench");
        long start = System.nanoTime();
        try (SignedMessage signed = signer.sign(body, dir)) {
            double seconds = (System.nanoTime() - start) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.out.printf(
                    "ed25519-sha256,%d MiB streamed,1,%.3f,max heap %d MiB, signed size %d%n",
                    mib, seconds, rt.maxMemory() / (1024 * 1024), signed.size());
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
