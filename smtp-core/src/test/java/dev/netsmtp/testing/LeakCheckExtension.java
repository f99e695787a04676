/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * On for every test class of smtp-core (registered through JUnit's extension auto-detection):
 * fails a class that leaves a live non-daemon thread it started, or more open sockets than there
 * were before it (a session or server not closed when an assertion failed, say). Closing may be
 * asynchronous (a pool's closer thread), so it waits up to two seconds before it judges.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheckExtension.class);
    private static final Path FDS = Path.of("/proc/self/fd");

    /** Creates the extension; JUnit does. */
    public LeakCheckExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("threads", nonDaemonThreads());
        context.getStore(NS).put("sockets", openSockets());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterAll(ExtensionContext context) throws Exception {
        Set<Thread> before = (Set<Thread>) context.getStore(NS).get("threads", Set.class);
        Integer socketsBefore = context.getStore(NS).get("sockets", Integer.class);
        if (before == null || socketsBefore == null) {
            return;
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        List<Thread> leaked;
        int sockets;
        do {
            leaked =
                    nonDaemonThreads().stream().filter(t -> !before.contains(t)).toList();
            sockets = openSockets();
            if (leaked.isEmpty() && sockets <= socketsBefore) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        StringBuilder why = new StringBuilder(context.getDisplayName()).append(" leaked");
        if (!leaked.isEmpty()) {
            why.append(" non-daemon threads ")
                    .append(leaked.stream().map(Thread::getName).toList());
        }
        if (sockets > socketsBefore) {
            why.append(" ")
                    .append(sockets - socketsBefore)
                    .append(" open socket(s) (")
                    .append(socketsBefore)
                    .append(" before, ")
                    .append(sockets)
                    .append(" after; open now: ")
                    .append(describeSockets())
                    .append(")");
        }
        throw new AssertionError(why.toString());
    }

    private static Set<Thread> nonDaemonThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            // JUnit's own timeout watcher starts with the first class that needs it.
            if (!t.isDaemon()
                    && t.isAlive()
                    && !"main".equals(t.getName())
                    && !t.getName().startsWith("junit-")) {
                out.add(t);
            }
        }
        return out;
    }

    /** This process's TCP sockets as /proc/net/tcp lists them (local, remote, state), to find a leak. */
    private static List<String> describeSockets() {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(FDS)) {
            for (Path fd : fds.toList()) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    for (int i = 0; i < f.length; i++) {
                        if (i == 9 && inodes.contains(f[i])) {
                            out.add(table.substring(10) + " " + String.join(" ", f));
                        }
                    }
                }
            } catch (IOException e) {
                // no such table
            }
        }
        return out;
    }

    /** TCP sockets this process holds open (listening ones too), from /proc; 0 where there is none. */
    private static int openSockets() {
        return describeSockets().size();
    }
}
