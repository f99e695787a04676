/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options, each with a default; an unknown name is an error. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args, Map<String, String> defaults) {
        values.putAll(defaults);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !defaults.containsKey(a.substring(2))) {
                throw new IllegalArgumentException("unknown option " + a + "; options: " + defaults.keySet());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            values.put(a.substring(2), args[++i]);
        }
    }

    String get(String name) {
        return values.get(name);
    }

    int getInt(String name) {
        try {
            return Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, was " + values.get(name), e);
        }
    }

    long getLong(String name) {
        try {
            return Long.parseLong(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, was " + values.get(name), e);
        }
    }
}
