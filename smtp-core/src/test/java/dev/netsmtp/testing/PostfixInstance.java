/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private Postfix instance on 127.0.0.1 for interop tests, configured in a temporary folder by
 * {@code src/test/postfix/postfix-instance.sh}: STARTTLS and implicit TLS with a certificate made
 * at start, Cyrus SASL (alice / alice-pw: PLAIN, LOGIN, CRAM-MD5, only after TLS), PIPELINING,
 * SIZE 200000, 8BITMIME, SMTPUTF8, DSN, ENHANCEDSTATUSCODES and CHUNKING, delivering everything for
 * example.com to one Maildir. Stopped and removed by {@link #close()}.
 */
public final class PostfixInstance implements AutoCloseable {

    /** The SASL user. */
    public static final String USER = "alice";

    /** The SASL password. */
    public static final String PASSWORD = "alice-pw";

    /** The advertised SIZE limit. */
    public static final long SIZE_LIMIT = 200_000;

    // From smtp-core itself, or from a sibling module of the reactor that uses the test-jar.
    private static final Path SCRIPT = Stream.of("src/test/postfix", "../smtp-core/src/test/postfix")
            .map(d -> Path.of(d, "postfix-instance.sh").toAbsolutePath().normalize())
            .filter(Files::exists)
            .findFirst()
            .orElse(Path.of("src/test/postfix/postfix-instance.sh").toAbsolutePath());

    private final Path dir;
    private final int smtpPort;
    private final int smtpsPort;
    private final int slowPort;
    private final int noUtf8Port;
    private final @org.jspecify.annotations.Nullable PolicyDelay policy;

    private PostfixInstance(
            Path dir,
            int smtpPort,
            int smtpsPort,
            int slowPort,
            int noUtf8Port,
            @org.jspecify.annotations.Nullable PolicyDelay policy) {
        this.dir = dir;
        this.smtpPort = smtpPort;
        this.smtpsPort = smtpsPort;
        this.slowPort = slowPort;
        this.noUtf8Port = noUtf8Port;
        this.policy = policy;
    }

    /**
     * Skips the calling test with a message when Postfix cannot run here, or fails it in CI.
     */
    public static void assumeAvailable() {
        String missing = missing();
        if (missing == null) {
            return;
        }
        String how = "Postfix interop tests need " + missing + "; enable them with `apt-get install postfix sasl2-bin "
                + "libsasl2-modules openssl` and run the tests as root (.ci/run does)";
        SystemPrerequisite.missing(how);
    }

    private static String missing() {
        for (String tool :
                List.of("/usr/sbin/postfix", "/usr/sbin/saslpasswd2", "/usr/bin/openssl", "/usr/bin/script")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return tool;
            }
        }
        if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/sasl2/libsasldb.so"))
                && !Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/sasl2/libsasldb.so"))) {
            return "libsasl2-modules (sasldb plugin)";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "root (Postfix's master runs as root)";
        }
        return null;
    }

    /**
     * Starts an instance on two free ports.
     *
     * @return the running instance
     * @throws Exception when it does not start
     */
    public static PostfixInstance start() throws Exception {
        return start(null);
    }

    /**
     * Starts an instance with a third listener ({@link #slowSmtpPort()}) whose smtpd waits
     * {@code endOfDataDelay} before it answers each end of data: its end-of-data restrictions ask
     * a policy service in this JVM, which takes that long to say DUNNO; and a fourth
     * ({@link #noUtf8SmtpPort()}) that does not offer SMTPUTF8.
     *
     * @param endOfDataDelay how long each final reply waits, or null for no such listener
     * @return the running instance
     * @throws Exception when it does not start
     */
    public static PostfixInstance start(@org.jspecify.annotations.Nullable Duration endOfDataDelay) throws Exception {
        Path dir = Files.createTempDirectory("netsmtp-postfix");
        int smtp = LocalDaemon.freePort();
        int smtps = LocalDaemon.freePort();
        List<String> args = new java.util.ArrayList<>(
                List.of(SCRIPT.toString(), "start", dir.toString(), Integer.toString(smtp), Integer.toString(smtps)));
        PolicyDelay policy = endOfDataDelay == null ? null : new PolicyDelay(endOfDataDelay);
        int slow = policy == null ? 0 : LocalDaemon.freePort();
        int noUtf8 = policy == null ? 0 : LocalDaemon.freePort();
        if (policy != null) {
            args.add(Integer.toString(slow));
            args.add(Integer.toString(policy.port()));
            args.add(Integer.toString(noUtf8));
        }
        LocalDaemon.run(args);
        PostfixInstance instance = new PostfixInstance(dir, smtp, smtps, slow, noUtf8, policy);
        try {
            LocalDaemon.awaitListening("Postfix", smtp, instance::log);
            LocalDaemon.awaitListening("Postfix", smtps, instance::log);
            if (policy != null) {
                LocalDaemon.awaitListening("Postfix", slow, instance::log);
                LocalDaemon.awaitListening("Postfix", noUtf8, instance::log);
            }
        } catch (IOException e) {
            instance.close();
            throw e;
        }
        return instance;
    }

    /**
     * Returns the port whose final replies are slow ({@link #start(Duration)}).
     *
     * @return the port
     * @throws IllegalStateException when the instance has none
     */
    public int slowSmtpPort() {
        if (policy == null) {
            throw new IllegalStateException("started without an end-of-data delay");
        }
        return slowPort;
    }

    /**
     * Returns the port whose smtpd does not offer SMTPUTF8 ({@link #start(Duration)}).
     *
     * @return the port
     * @throws IllegalStateException when the instance has none
     */
    public int noUtf8SmtpPort() {
        if (policy == null) {
            throw new IllegalStateException("started without the extra listeners");
        }
        return noUtf8Port;
    }

    /**
     * Returns the plain SMTP port (STARTTLS offered).
     *
     * @return the port
     */
    public int smtpPort() {
        return smtpPort;
    }

    /**
     * Returns the implicit TLS port.
     *
     * @return the port
     */
    public int smtpsPort() {
        return smtpsPort;
    }

    /**
     * Returns a trust store holding the instance's certificate (for mail.test, localhost, 127.0.0.1).
     *
     * @return the trust store
     * @throws Exception when the certificate cannot be read
     */
    public KeyStore trustStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        byte[] pem = Files.readAllBytes(dir.resolve("conf/cert.pem"));
        ks.setCertificateEntry(
                "postfix", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem)));
        return ks;
    }

    /**
     * Returns Postfix's log so far.
     *
     * @return the maillog text
     */
    public String log() {
        return LocalDaemon.read(dir.resolve("maillog"));
    }

    /**
     * Waits until the Maildir holds at least {@code count} messages and returns them all.
     *
     * @param count how many to wait for
     * @param timeout how long at most
     * @return every delivered message's bytes (Postfix stores lines ending in LF)
     * @throws Exception when fewer arrive in time
     */
    public List<byte[]> awaitDelivered(int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Path> files = List.of();
        while (System.nanoTime() < deadline) {
            files = deliveredFiles();
            if (files.size() >= count) {
                break;
            }
            Thread.sleep(50);
        }
        if (files.size() < count) {
            throw new AssertionError("expected " + count + " delivered messages, found " + files.size()
                    + "; log tail:\n" + tail(log(), 30));
        }
        List<byte[]> out = new ArrayList<>();
        for (Path f : files) {
            out.add(Files.readAllBytes(f));
        }
        return out;
    }

    /**
     * Waits until a delivered message contains {@code text} and returns it.
     *
     * @param text what the message must contain (a Message-ID, say)
     * @param timeout how long at most
     * @return the message as Postfix stored it (lines ending in LF)
     * @throws Exception when none arrives in time
     */
    public String awaitMessageContaining(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (Path f : deliveredFiles()) {
                String message = Files.readString(f, StandardCharsets.UTF_8);
                if (message.contains(text)) {
                    return message;
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no delivered message contains " + text + "; log tail:\n" + tail(log(), 30));
    }

    /**
     * Returns how many messages are in the Maildir now.
     *
     * @return the count
     * @throws IOException when the folder cannot be read
     */
    public int deliveredCount() throws IOException {
        return deliveredFiles().size();
    }

    private List<Path> deliveredFiles() throws IOException {
        Path maildir = dir.resolve("mail/all/new");
        if (!Files.isDirectory(maildir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(maildir)) {
            return s.sorted().toList();
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }

    @Override
    public void close() throws IOException {
        try {
            LocalDaemon.run(List.of(SCRIPT.toString(), "stop", dir.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LocalDaemon.deleteTree(dir);
            if (policy != null) {
                policy.close();
            }
        }
    }

    /**
     * A private Postfix for a test class: started before its first test (skipped as a missing
     * prerequisite when Postfix is not installed), stopped after its last.
     * {@code @RegisterExtension static final PostfixInstance.PerClass POSTFIX = new PostfixInstance.PerClass();}
     */
    public static final class PerClass
            implements org.junit.jupiter.api.extension.BeforeAllCallback,
                    org.junit.jupiter.api.extension.AfterAllCallback {
        private PostfixInstance instance;

        /** Creates the extension; it starts Postfix before the class's first test. */
        public PerClass() {}

        @Override
        public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
            assumeAvailable();
            instance = start();
        }

        @Override
        public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
            if (instance != null) {
                instance.close();
                instance = null;
            }
        }

        /**
         * The running instance.
         *
         * @return it
         */
        public PostfixInstance get() {
            if (instance == null) {
                throw new IllegalStateException("Postfix is not running: register the extension as a static field");
            }
            return instance;
        }
    }
}
