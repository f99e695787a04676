package dev.netsmtp.autoconfigure;

import org.jspecify.annotations.Nullable;

/** An {@code smtp.*} property has a value netsmtp cannot use; start-up fails naming it. */
public final class InvalidSmtpPropertyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String action;

    /**
     * Creates the exception.
     *
     * @param property the property's full name, e.g. {@code smtp.port}
     * @param problem what is wrong with its value
     * @param action what to do about it
     * @param cause the underlying error, or null
     */
    public InvalidSmtpPropertyException(String property, String problem, String action, @Nullable Throwable cause) {
        super("Invalid property '" + property + "': " + problem, cause);
        this.property = property;
        this.action = action;
    }

    /**
     * Returns the property's full name.
     *
     * @return e.g. {@code smtp.port}
     */
    public String property() {
        return property;
    }

    /**
     * Returns what to do about it.
     *
     * @return the suggested fix
     */
    public String action() {
        return action;
    }
}
