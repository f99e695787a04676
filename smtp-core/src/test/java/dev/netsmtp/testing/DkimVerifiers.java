/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The independent DKIM verifiers, run as programs: dkimpy (Debian's python3-dkim) through
 * {@code src/test/dkim/dkimpy-verify.py}, given the TXT records directly, and OpenDKIM's
 * {@code opendkim-testmsg}, which asks DNS: it runs in a mount namespace of its own whose
 * resolv.conf names a {@link TxtDns} on loopback. Both are installed by {@code .ci/run}.
 */
public final class DkimVerifiers {

    /** What a verifier said. */
    public record Verdict(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private static final Path SCRIPT = Stream.of(
                    "src/test/dkim/dkimpy-verify.py", "../smtp-core/src/test/dkim/dkimpy-verify.py")
            .map(Path::of)
            .filter(Files::exists)
            .findFirst()
            .orElse(Path.of("src/test/dkim/dkimpy-verify.py"));

    private DkimVerifiers() {}

    /** Fails the test when a verifier is missing in CI, skips it elsewhere. */
    public static void assumeAvailable() {
        for (String file : List.of(
                "/usr/bin/python3",
                "/usr/lib/python3/dist-packages/dkim/__init__.py",
                "/usr/sbin/opendkim-testmsg",
                "/usr/bin/unshare")) {
            if (!Files.exists(Path.of(file))) {
                SystemPrerequisite.missing("the DKIM verifiers are not installed (" + file + "): apt-get install "
                        + "python3-dkim opendkim-tools");
            }
        }
    }

    /**
     * Verifies every signature with dkimpy.
     *
     * @param message the message as received
     * @param records TXT records by name
     * @return the verdict
     * @throws Exception when the program cannot run
     */
    public static Verdict dkimpy(byte[] message, Map<String, String> records) throws Exception {
        Path file = Files.createTempFile("dkim-records", ".txt");
        try {
            StringBuilder sb = new StringBuilder();
            records.forEach(
                    (name, txt) -> sb.append(name).append('\t').append(txt).append('\n'));
            Files.writeString(file, sb.toString(), StandardCharsets.US_ASCII);
            return run(List.of("/usr/bin/python3", SCRIPT.toString(), file.toString()), message);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Verifies with OpenDKIM's opendkim-testmsg, its DNS answered by {@code dns}.
     *
     * @param message the message as received
     * @param dns the TXT server holding the keys
     * @return the verdict
     * @throws Exception when the program cannot run
     */
    public static Verdict opendkim(byte[] message, TxtDns dns) throws Exception {
        Path resolv = Files.createTempFile("resolv", ".conf");
        try {
            Files.writeString(resolv, "nameserver " + dns.address() + "\noptions attempts:1 timeout:2\n");
            return run(
                    List.of(
                            "unshare",
                            "-m",
                            "sh",
                            "-c",
                            "mount --bind \"$0\" /etc/resolv.conf && exec /usr/sbin/opendkim-testmsg",
                            resolv.toString()),
                    message);
        } finally {
            Files.deleteIfExists(resolv);
        }
    }

    private static Verdict run(List<String> command, byte[] stdin) throws IOException, InterruptedException {
        Path in = Files.createTempFile("dkim-message", ".eml");
        Path out = Files.createTempFile("dkim-out", ".txt");
        try {
            Files.write(in, stdin);
            Process p = new ProcessBuilder(command)
                    .redirectInput(in.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Verdict(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }
}
