package dev.netsmtp.autoconfigure.metrics;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.event.SmtpListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One Micrometer {@link Observation} per message sent through the template, named
 * {@value #NAME}: Boot's metrics turn it into a timer and Micrometer Tracing into a span. It
 * starts before the rate limit and borrowing and stops at the final outcome; each failed attempt
 * is an event ({@value #ATTEMPT_FAILED}), and so are a new connection ({@value #CONNECTED}), its
 * TLS ({@value #TLS}) and its AUTH ({@value #AUTHENTICATED}).
 *
 * <p>Low-cardinality keys: {@code server.address} and {@code server.port} (the configured
 * primary server; OpenTelemetry's names), {@code smtp.outcome} (sent, failed, uncertain),
 * {@code smtp.reply.class} (2xx, 4xx, 5xx, none), {@code smtp.enhanced_status.class} (2, 4, 5 or
 * none, RFC 3463's class), {@code error.type} (the exception's simple class name, or none). No
 * address, subject or other personal data. High-cardinality: {@code smtp.attempts}.
 */
public class SmtpObservationListener implements SmtpListener {

    /** The observation's name. */
    public static final String NAME = "smtp.client.send";

    /** The event for a failed attempt. */
    public static final String ATTEMPT_FAILED = "smtp.attempt.failed";

    /** The event for a new connection. */
    public static final String CONNECTED = "smtp.connected";

    /** The event for TLS established on a new connection. */
    public static final String TLS = "smtp.tls";

    /** The event for a successful AUTH on a new connection. */
    public static final String AUTHENTICATED = "smtp.authenticated";

    private final Supplier<ObservationRegistry> registry;
    private final String serverAddress;
    private final int serverPort;
    /** Per thread, the sends under way: two at once in a pipelined batch ({@code sendAll}). */
    private final ThreadLocal<InFlight<Observation>> current = ThreadLocal.withInitial(InFlight::new);

    /**
     * Creates the listener.
     *
     * @param registry where observations go, asked when a send starts
     * @param serverAddress the configured primary server's host
     * @param serverPort its port
     */
    public SmtpObservationListener(Supplier<ObservationRegistry> registry, String serverAddress, int serverPort) {
        this.registry = registry;
        this.serverAddress = serverAddress;
        this.serverPort = serverPort;
    }

    @Override
    public void sendStarted(Envelope envelope) {
        Observation o = Observation.createNotStarted(NAME, registry.get())
                .contextualName("smtp send")
                .lowCardinalityKeyValue("server.address", serverAddress)
                .lowCardinalityKeyValue("server.port", Integer.toString(serverPort));
        current.get().add(envelope, o.start());
    }

    @Override
    public void connected(String host, int port) {
        Observation o = current.get().newest();
        if (o != null) {
            o.event(Observation.Event.of(CONNECTED));
        }
    }

    @Override
    public void tlsEstablished(String protocol) {
        Observation o = current.get().newest();
        if (o != null) {
            o.event(Observation.Event.of(TLS, "TLS established (" + protocol + ")"));
        }
    }

    @Override
    public void authenticated(String mechanism) {
        Observation o = current.get().newest();
        if (o != null) {
            o.event(Observation.Event.of(AUTHENTICATED, "authenticated with " + mechanism));
        }
    }

    @Override
    public void attemptFailed(Envelope envelope, int attempt, RuntimeException error, boolean retrying) {
        Observation o = current.get().find(envelope);
        if (o != null) {
            o.event(Observation.Event.of(
                    ATTEMPT_FAILED,
                    "attempt " + attempt + " failed: " + error.getClass().getSimpleName()
                            + (retrying ? ", retrying" : "")));
        }
    }

    @Override
    public void messageCompleted(
            Envelope envelope, Optional<SendResult> result, Optional<RuntimeException> error, int attempts) {
        Observation o = current.get().remove(envelope);
        if (o == null) {
            return;
        }
        SmtpException smtp = error.filter(SmtpException.class::isInstance)
                .map(SmtpException.class::cast)
                .orElse(null);
        String outcome = error.isEmpty()
                ? "sent"
                : error.get() instanceof SmtpDeliveryUncertainException ? "uncertain" : "failed";
        String replyClass = error.isEmpty()
                ? "2xx"
                : smtp == null
                        ? "none"
                        : smtp.reply().map(r -> r.code() / 100 + "xx").orElse("none");
        String enhanced = error.isEmpty()
                ? result.flatMap(r -> r.reply().enhancedStatusCode())
                        .map(c -> Integer.toString(c.codeClass()))
                        .orElse("none")
                : smtp == null
                        ? "none"
                        : smtp.enhancedStatusCode()
                                .map(c -> Integer.toString(c.codeClass()))
                                .orElse("none");
        o.lowCardinalityKeyValue("smtp.outcome", outcome)
                .lowCardinalityKeyValue("smtp.reply.class", replyClass)
                .lowCardinalityKeyValue("smtp.enhanced_status.class", enhanced)
                .lowCardinalityKeyValue(
                        "error.type",
                        error.map(e -> e.getClass().getSimpleName()).orElse("none"))
                .highCardinalityKeyValue("smtp.attempts", Integer.toString(attempts));
        error.ifPresent(o::error);
        o.stop();
    }
}
