/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Warns at start-up about every {@code smtp.*} key that no library documents, naming the closest
 * netsmtp key: {@code smtp.tls.modee=starttls} would otherwise be ignored in silence. The known
 * keys are read from every {@value #METADATA} on the class path (the configuration processor's
 * output, which a native image keeps through {@link SmtpRuntimeHints}), not by reflection: so
 * another library's documented {@code smtp.*} key is not warned about either. A key of the
 * application's own under {@code smtp.} that no metadata documents gets one WARN line saying
 * netsmtp ignores it; silence it by setting the logger {@value #LOGGER} to ERROR, or by documenting
 * the key in the application's own {@code additional-spring-configuration-metadata.json}.
 */
class UnknownSmtpProperties implements InitializingBean {

    /** The logger of the warnings. */
    static final String LOGGER = "dev.netsmtp.autoconfigure.unknown-properties";

    /** Where the configuration processor writes a jar's keys. */
    static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private static final Log LOG = LogFactory.getLog(LOGGER);
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"(smtp(?:\\.[^\"\\\\]+)?)\"");
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("smtp");

    private final Environment environment;
    private final List<String> warnings = new ArrayList<>();

    UnknownSmtpProperties(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        Set<String> known = known();
        Set<String> ours = netsmtpKeys(known);
        for (String name : setKeys(environment)) {
            if (!known.contains(name)) {
                String warning = "smtp property '" + name + "' is not one of netsmtp's, and no library documents it; "
                        + "netsmtp ignores it. Did you mean '"
                        + closest(name, ours).key() + "'?";
                warnings.add(warning);
                LOG.warn(warning);
            }
        }
    }

    /** What was warned about, for tests. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The {@code smtp.*} keys the environment sets, dashed, list indexes dropped. */
    static Set<String> setKeys(Environment environment) {
        Set<String> seen = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.filter(ROOT::isAncestorOf).stream().forEach(name -> seen.add(withoutIndexes(name)));
            }
        }
        return seen;
    }

    /** {@code smtp.hosts[0]} is {@code smtp.hosts}: list elements bind to the list. */
    private static String withoutIndexes(ConfigurationPropertyName name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            if (name.isNumericIndex(i)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(name.getElement(i, ConfigurationPropertyName.Form.DASHED));
        }
        return sb.toString();
    }

    /** Every {@code smtp.*} key some jar's configuration metadata documents, netsmtp's included. */
    static Set<String> known() {
        Set<String> out = new TreeSet<>();
        ClassLoader loader = UnknownSmtpProperties.class.getClassLoader();
        try {
            Enumeration<URL> files = loader.getResources(METADATA);
            while (files.hasMoreElements()) {
                collect(files.nextElement(), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + METADATA, e);
        }
        return out;
    }

    /** The keys netsmtp's own properties bind: those a suggestion may name. */
    private static Set<String> netsmtpKeys(Set<String> known) {
        Set<String> out = new TreeSet<>();
        for (String k : known) {
            if (k.startsWith("smtp.")) {
                out.add(k);
            }
        }
        return out;
    }

    private static void collect(URL file, Set<String> out) {
        String json;
        try (InputStream in = file.openStream()) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return; // an unreadable jar documents nothing
        }
        // The processor's output is regular: every property, group and hint is an object with a
        // "name". Boot's basic JSON parser cannot read nested objects, and Jackson is not ours to
        // require; a group's name (smtp.pool) among the keys is harmless.
        Matcher m = NAME.matcher(json);
        while (m.find()) {
            out.add(m.group(1));
        }
    }

    /** A known key and how far a given one is from it. */
    record Closest(String key, int distance) {}

    static Closest closest(String name, Set<String> known) {
        String best = "";
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return new Closest(best, bestDistance);
    }

    /** Levenshtein's edit distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
