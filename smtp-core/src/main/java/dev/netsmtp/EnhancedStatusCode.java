package dev.netsmtp;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 3463 enhanced mail system status code such as {@code 5.1.1}, as carried at the start of
 * a reply's text by servers that advertise ENHANCEDSTATUSCODES (RFC 2034).
 *
 * @param codeClass the class: 2 (success), 4 (persistent transient failure) or 5 (permanent failure)
 * @param subject the subject, 0 to 999
 * @param detail the detail, 0 to 999
 */
public record EnhancedStatusCode(int codeClass, int subject, int detail) {

    private static final Pattern CODE = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?=\\s|$)");

    /**
     * Checks the parts.
     *
     * @param codeClass the class: 2, 4 or 5
     * @param subject the subject, 0 to 999
     * @param detail the detail, 0 to 999
     * @throws IllegalArgumentException when a part is out of range
     */
    public EnhancedStatusCode {
        if (codeClass != 2 && codeClass != 4 && codeClass != 5) {
            throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5, was " + codeClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException(
                    "enhanced status subject and detail must be 0 to 999: " + subject + "." + detail);
        }
    }

    /**
     * Reads an enhanced status code from the start of a reply line's text.
     *
     * @param text the reply text after the three-digit code and its separator
     * @return the code, or empty when the text does not start with one
     */
    public static Optional<EnhancedStatusCode> parse(String text) {
        Matcher m = CODE.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new EnhancedStatusCode(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }

    /**
     * Returns the code as written on the wire, such as {@code 5.1.1}.
     *
     * @return the dotted form
     */
    @Override
    public String toString() {
        return codeClass + "." + subject + "." + detail;
    }
}
