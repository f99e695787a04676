/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a server said it supports in its EHLO reply (RFC 5321 section 4.1.1.1): extension
 * keywords, their parameters, the SIZE limit and the AUTH mechanisms.
 *
 * <p>Keywords match case-insensitively. The legacy {@code AUTH=LOGIN PLAIN} form, still sent by
 * some servers for old Outlook clients, counts as AUTH. A session that fell back to HELO has
 * {@link #none() no capabilities}. Immutable and thread-safe.
 */
public final class Capabilities {

    private static final Capabilities NONE = new Capabilities("", Map.of());

    private final String serverName;
    private final Map<String, List<String>> extensions;

    private Capabilities(String serverName, Map<String, List<String>> extensions) {
        this.serverName = serverName;
        this.extensions = extensions;
    }

    /**
     * Returns the empty set of capabilities of a server greeted with HELO.
     *
     * @return no extensions
     */
    public static Capabilities none() {
        return NONE;
    }

    /**
     * Parses a positive EHLO reply: the first line names the server, each further line is an
     * extension keyword followed by its parameters.
     *
     * @param ehloReply the reply to EHLO
     * @return the capabilities
     * @throws IllegalArgumentException when the reply is not a positive (2xx) reply; any 2xx is
     *     taken, as RFC 5321 section 4.2.1 lets a client act on the first digit (some servers
     *     answer EHLO with 220 lines)
     */
    public static Capabilities parse(SmtpReply ehloReply) {
        if (!ehloReply.isPositiveCompletion()) {
            throw new IllegalArgumentException("not a positive EHLO reply: " + ehloReply);
        }
        List<String> lines = ehloReply.lines();
        String first = lines.get(0).trim();
        int space = first.indexOf(' ');
        String name = space < 0 ? first : first.substring(0, space);
        Map<String, List<String>> ext = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] words = trimmed.split("[ \t]+");
            String keyword = words[0].toUpperCase(Locale.ROOT);
            List<String> params = new ArrayList<>(Arrays.asList(words).subList(1, words.length));
            int eq = keyword.indexOf('=');
            if (eq > 0) {
                // Legacy "AUTH=LOGIN PLAIN": the first parameter is glued to the keyword.
                String glued = words[0].substring(eq + 1);
                keyword = keyword.substring(0, eq);
                if (!glued.isEmpty()) {
                    params.add(0, glued);
                }
            }
            List<String> known = ext.computeIfAbsent(keyword, k -> new ArrayList<>());
            for (String p : params) {
                if (!known.contains(p)) {
                    known.add(p);
                }
            }
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        ext.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new Capabilities(name, Collections.unmodifiableMap(frozen));
    }

    /**
     * Returns the name the server gave for itself on the first line of its EHLO reply.
     *
     * @return the server name, empty after HELO
     */
    public String serverName() {
        return serverName;
    }

    /**
     * Tells whether the server advertised an extension.
     *
     * @param keyword the extension keyword, in any case, e.g. {@code "pipelining"}
     * @return true when advertised
     */
    public boolean supports(String keyword) {
        return extensions.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /**
     * Returns the parameters advertised with an extension.
     *
     * @param keyword the extension keyword, in any case
     * @return the parameters in the server's order; empty when none or not advertised
     */
    public List<String> parameters(String keyword) {
        return extensions.getOrDefault(keyword.toUpperCase(Locale.ROOT), List.of());
    }

    /**
     * Returns every advertised extension keyword, upper-cased.
     *
     * @return the keywords in the server's order
     */
    public Set<String> keywords() {
        return extensions.keySet();
    }

    /**
     * Returns the maximum message size the server advertised with SIZE (RFC 1870).
     *
     * @return the limit in octets; empty when SIZE was not advertised, had no usable number, or
     *     was 0 (no fixed limit)
     */
    public OptionalLong sizeLimit() {
        if (!supports("SIZE")) {
            return OptionalLong.empty();
        }
        return parameters("SIZE").stream().findFirst().flatMap(Capabilities::parseLong).stream()
                .mapToLong(Long::longValue)
                .filter(n -> n > 0)
                .findFirst();
    }

    private static Optional<Long> parseLong(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns the SASL mechanisms advertised with AUTH (RFC 4954), upper-cased.
     *
     * @return the mechanisms in the server's order; empty when AUTH was not advertised
     */
    public Set<String> authMechanisms() {
        Set<String> out = new LinkedHashSet<>();
        for (String p : parameters("AUTH")) {
            out.add(p.toUpperCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * Tells whether PIPELINING (RFC 2920) was advertised.
     *
     * @return true when advertised
     */
    public boolean supportsPipelining() {
        return supports("PIPELINING");
    }

    /**
     * Tells whether STARTTLS (RFC 3207) was advertised.
     *
     * @return true when advertised
     */
    public boolean supportsStartTls() {
        return supports("STARTTLS");
    }

    /**
     * Tells whether 8BITMIME (RFC 6152) was advertised.
     *
     * @return true when advertised
     */
    public boolean supports8BitMime() {
        return supports("8BITMIME");
    }

    /**
     * Tells whether SMTPUTF8 (RFC 6531) was advertised.
     *
     * @return true when advertised
     */
    public boolean supportsSmtpUtf8() {
        return supports("SMTPUTF8");
    }

    /**
     * Tells whether DSN (RFC 3461) was advertised.
     *
     * @return true when advertised
     */
    public boolean supportsDsn() {
        return supports("DSN");
    }

    /**
     * Tells whether ENHANCEDSTATUSCODES (RFC 2034) was advertised.
     *
     * @return true when advertised
     */
    public boolean supportsEnhancedStatusCodes() {
        return supports("ENHANCEDSTATUSCODES");
    }

    /**
     * Returns the extensions as {@code KEYWORD params} lines.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Capabilities[").append(serverName);
        extensions.forEach((k, v) -> {
            sb.append(", ").append(k);
            v.forEach(p -> sb.append(' ').append(p));
        });
        return sb.append(']').toString();
    }
}
