package dev.netsmtp.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Warns at start-up about every {@code smtp.*} key that binds to nothing, naming the closest known
 * key: {@code smtp.tls.modee=starttls} would otherwise be ignored in silence and mail would go
 * out in clear text. Logs to {@code dev.netsmtp.autoconfigure} at WARN.
 */
class UnknownSmtpProperties implements InitializingBean {

    private static final Log LOG = LogFactory.getLog("dev.netsmtp.autoconfigure");
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("smtp");

    private final Environment environment;
    private final List<String> warnings = new ArrayList<>();

    UnknownSmtpProperties(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        Set<String> known = known();
        Set<String> seen = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.filter(ROOT::isAncestorOf).stream().forEach(name -> seen.add(withoutIndexes(name)));
            }
        }
        for (String name : seen) {
            if (!known.contains(name)) {
                String warning =
                        "unknown property '" + name + "' is ignored; did you mean '" + closest(name, known) + "'?";
                warnings.add(warning);
                LOG.warn(warning);
            }
        }
    }

    /** What was warned about, for tests. */
    List<String> warnings() {
        return List.copyOf(warnings);
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

    /** Every key {@link SmtpProperties} binds, in its dashed form. */
    static Set<String> known() {
        Set<String> out = new TreeSet<>();
        collect("smtp", SmtpProperties.class, out);
        return out;
    }

    private static void collect(String prefix, Class<?> type, Set<String> out) {
        for (PropertyDescriptor p : BeanUtils.getPropertyDescriptors(type)) {
            if (p.getReadMethod() == null || "class".equals(p.getName())) {
                continue;
            }
            String name = prefix + "." + dashed(p.getName());
            Class<?> t = p.getPropertyType();
            if (t.getDeclaringClass() == SmtpProperties.class) {
                collect(name, t, out); // a nested group: smtp.tls, smtp.pool, ...
            } else {
                out.add(name);
            }
        }
    }

    private static String dashed(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static String closest(String name, Set<String> known) {
        String best = "";
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
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
