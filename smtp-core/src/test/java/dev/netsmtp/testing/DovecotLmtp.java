/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private Dovecot LMTP server on 127.0.0.1 and a free port, from a configuration written in a
 * temporary folder: users {@code alice} (10 MB quota) and {@code tiny} (1 KB quota, so a message
 * over 1 KB is refused for it after the data while alice gets it), Maildirs the test reads back.
 * Needs Debian's {@code dovecot-lmtpd} and root (Dovecot's master runs as root, mail as nobody).
 */
public final class DovecotLmtp implements AutoCloseable {

    private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

    private final Path dir;
    private final int port;

    private DovecotLmtp(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Skips the calling test with a message when Dovecot cannot run here, or fails it in CI. */
    public static void assumeAvailable() {
        if (!Files.isExecutable(DOVECOT) || !Files.exists(Path.of("/usr/lib/dovecot/lmtp"))) {
            SystemPrerequisite.missing(
                    "the LMTP tests need Dovecot's LMTP server; `apt-get install dovecot-lmtpd` (.ci/run does)");
        } else if (!"root".equals(System.getProperty("user.name"))) {
            SystemPrerequisite.missing("the LMTP tests need root (Dovecot's master runs as root)");
        }
    }

    /**
     * Starts an instance.
     *
     * @return the running instance
     * @throws Exception when it does not start
     */
    public static DovecotLmtp start() throws Exception {
        Path dir = Files.createTempDirectory("netsmtp-dovecot");
        // Mail is written as nobody: the folder must be reachable for it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String sub : List.of("mail", "run", "state")) {
            Files.createDirectories(dir.resolve(sub));
        }
        LocalDaemon.run(List.of("chown", "65534:65534", dir.resolve("mail").toString()));
        Files.writeString(
                dir.resolve("users"),
                "alice:{PLAIN}unused::::::\n" + "tiny:{PLAIN}unused::::::userdb_quota_rule=*:storage=1K\n",
                StandardCharsets.US_ASCII);
        int port = LocalDaemon.freePort();
        String d = dir.toString();
        String conf = String.join(
                "\n",
                "base_dir = " + d + "/run",
                "state_dir = " + d + "/state",
                "log_path = " + d + "/dovecot.log",
                "protocols = lmtp",
                "listen = 127.0.0.1",
                "ssl = no",
                "default_internal_user = dovecot",
                "default_login_user = dovenull",
                "auth_username_format = %Ln",
                "mail_location = maildir:" + d + "/mail/%n",
                "first_valid_uid = 1",
                "passdb {",
                "  driver = passwd-file",
                "  args = " + d + "/users",
                "}",
                "userdb {",
                "  driver = passwd-file",
                "  args = " + d + "/users",
                "  default_fields = uid=nobody gid=nogroup home=" + d + "/mail/%n",
                "}",
                "mail_plugins = quota",
                "plugin {",
                "  quota = maildir:User quota",
                "  quota_rule = *:storage=10M",
                "}",
                "protocol lmtp {",
                "  postmaster_address = postmaster@example.com",
                "}",
                "service lmtp {",
                "  inet_listener lmtp {",
                "    address = 127.0.0.1",
                "    port = " + port,
                "  }",
                "}",
                "");
        Files.writeString(dir.resolve("dovecot.conf"), conf, StandardCharsets.US_ASCII);
        DovecotLmtp instance = new DovecotLmtp(dir, port);
        try {
            LocalDaemon.run(List.of(
                    DOVECOT.toString(), "-c", dir.resolve("dovecot.conf").toString()));
            LocalDaemon.awaitListening("Dovecot", port, instance::log);
        } catch (IOException e) {
            instance.close();
            throw e;
        }
        return instance;
    }

    /**
     * Returns the LMTP port.
     *
     * @return the port on 127.0.0.1
     */
    public int port() {
        return port;
    }

    /**
     * Returns Dovecot's log so far.
     *
     * @return the log text
     */
    public String log() {
        return LocalDaemon.read(dir.resolve("dovecot.log"));
    }

    /**
     * Returns the messages in a user's Maildir inbox, oldest first.
     *
     * @param user {@code alice} or {@code tiny}
     * @return each message's bytes as Dovecot stored them
     * @throws IOException when the folder cannot be read
     */
    public List<byte[]> inbox(String user) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            Path folder = dir.resolve("mail").resolve(user).resolve(sub);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path f : files.sorted().toList()) {
                        out.add(Files.readAllBytes(f));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            LocalDaemon.run(List.of(
                    DOVECOT.toString(), "-c", dir.resolve("dovecot.conf").toString(), "stop"));
        } catch (IOException | InterruptedException e) {
            // not running, or already stopping
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            LocalDaemon.deleteTree(dir);
        }
    }
}
