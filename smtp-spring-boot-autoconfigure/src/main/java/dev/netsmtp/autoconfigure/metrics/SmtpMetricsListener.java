package dev.netsmtp.autoconfigure.metrics;

import dev.netsmtp.Envelope;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import dev.netsmtp.event.SmtpListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for netsmtp, with no address, subject or other personal data in any tag:
 *
 * <ul>
 *   <li>{@code smtp.messages} (counter; {@code outcome} = sent, failed, uncertain;
 *       {@code reply.class} = 2xx, 4xx, 5xx, or none when no reply came): each message once, by
 *       its final outcome through the template, retries folded in, failures that never reached
 *       MAIL (connect refused, pool exhausted, TLS, AUTH) included;
 *   <li>{@code smtp.attempts} (counter; {@code outcome}, {@code reply.class}, {@code retried} =
 *       true when the template tried again): each attempt of a template send;
 *   <li>{@code smtp.send} (timer; {@code outcome}): each transaction, MAIL to the final reply;
 *   <li>{@code smtp.recipients.refused} (counter): recipients the server refused.
 * </ul>
 *
 * Events before the registry is bound are not counted.
 */
public class SmtpMetricsListener implements SmtpListener, MeterBinder {

    /** Per thread, the transactions under way: two at once in a pipelined batch. */
    private final ThreadLocal<InFlight<Long>> started = ThreadLocal.withInitial(InFlight::new);

    private volatile @Nullable MeterRegistry registry;

    /** Creates the listener; Boot binds it to the application's registry. */
    public SmtpMetricsListener() {}

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void transactionStarted(Envelope envelope) {
        started.get().add(envelope, System.nanoTime());
    }

    @Override
    public void messageSent(Envelope envelope, SendResult result) {
        timed(envelope, "sent");
        refused(result.rejected().size());
    }

    @Override
    public void messageFailed(Envelope envelope, SmtpException error) {
        timed(envelope, outcome(error));
        if (error instanceof SmtpRecipientsRefusedException refused) {
            refused(refused.refused().size());
        }
    }

    @Override
    public void attemptFailed(Envelope envelope, int attempt, RuntimeException error, boolean retrying) {
        MeterRegistry r = registry;
        if (r != null) {
            attempts(r, outcome(error), replyClass(error), retrying);
        }
    }

    @Override
    public void messageCompleted(
            Envelope envelope, Optional<SendResult> result, Optional<RuntimeException> error, int attempts) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        String outcome = error.map(SmtpMetricsListener::outcome).orElse("sent");
        String replyClass = error.map(SmtpMetricsListener::replyClass).orElse("2xx");
        if (result.isPresent()) {
            attempts(r, "sent", "2xx", false); // the attempt that succeeded; failed ones came one by one
        }
        Counter.builder("smtp.messages")
                .description("Messages sent through the template, each once by its final outcome")
                .tag("outcome", outcome)
                .tag("reply.class", replyClass)
                .register(r)
                .increment();
    }

    private static void attempts(MeterRegistry r, String outcome, String replyClass, boolean retried) {
        Counter.builder("smtp.attempts")
                .description("Attempts of template sends, by outcome; retried=true when another attempt followed")
                .tag("outcome", outcome)
                .tag("reply.class", replyClass)
                .tag("retried", Boolean.toString(retried))
                .register(r)
                .increment();
    }

    private static String outcome(RuntimeException error) {
        return error instanceof SmtpDeliveryUncertainException ? "uncertain" : "failed";
    }

    private static String replyClass(RuntimeException error) {
        return error instanceof SmtpException e
                ? e.reply().map(reply -> reply.code() / 100 + "xx").orElse("none")
                : "none";
    }

    private void timed(Envelope envelope, String outcome) {
        MeterRegistry r = registry;
        Long start = started.get().remove(envelope);
        if (r != null && start != null) {
            Timer.builder("smtp.send")
                    .description("Time from MAIL FROM to the final reply, per transaction")
                    .tag("outcome", outcome)
                    .register(r)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private void refused(int count) {
        MeterRegistry r = registry;
        if (r != null && count > 0) {
            Counter.builder("smtp.recipients.refused")
                    .description("Recipients the server refused")
                    .register(r)
                    .increment(count);
        }
    }
}
