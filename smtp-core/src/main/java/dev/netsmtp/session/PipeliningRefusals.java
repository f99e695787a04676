/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Servers seen refusing commands written behind an end of data (Haraka since 3.3.4, against SMTP
 * smuggling, answers each with 503 while still advertising PIPELINING): remembered for
 * {@link #REMEMBERED} per host and port, so a new session to the same server does not pay one
 * refused message to learn it again. Thread-safe; shared by every session of the JVM, as a DNS
 * cache is.
 */
final class PipeliningRefusals {

    /** How long a server is remembered: long enough to spare its sessions, short enough to notice an upgrade. */
    static final Duration REMEMBERED = Duration.ofHours(1);

    private static final Map<String, Long> UNTIL = new ConcurrentHashMap<>();

    private PipeliningRefusals() {}

    /** True when the server refused pipelining behind an end of data within {@link #REMEMBERED}. */
    static boolean refuses(String host, int port) {
        Long until = UNTIL.get(key(host, port));
        if (until == null) {
            return false;
        }
        if (until - System.nanoTime() <= 0) {
            UNTIL.remove(key(host, port), until);
            return false;
        }
        return true;
    }

    static void remember(String host, int port) {
        UNTIL.put(key(host, port), System.nanoTime() + REMEMBERED.toNanos());
    }

    private static String key(String host, int port) {
        return host.toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }
}
