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
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Counts messages by outcome and reply class ({@code smtp.messages}), times them from MAIL to the
 * final reply ({@code smtp.send}), and counts refused recipients ({@code smtp.recipients.refused}).
 * Tags carry no address, subject or other personal data. Events before the registry is bound
 * are not counted.
 */
public class SmtpMetricsListener implements SmtpListener, MeterBinder {

    private final ThreadLocal<Long> started = new ThreadLocal<>();
    private volatile @Nullable MeterRegistry registry;

    /** Creates the listener; Boot binds it to the application's registry. */
    public SmtpMetricsListener() {}

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void commandSent(String command) {
        if (command.startsWith("MAIL FROM:")) {
            started.set(System.nanoTime());
        }
    }

    @Override
    public void messageSent(Envelope envelope, SendResult result) {
        record("sent", "2xx");
        refused(result.rejected().size());
    }

    @Override
    public void messageFailed(Envelope envelope, SmtpException error) {
        String outcome = error instanceof SmtpDeliveryUncertainException ? "uncertain" : "failed";
        record(outcome, error.reply().map(r -> r.code() / 100 + "xx").orElse("none"));
        if (error instanceof SmtpRecipientsRefusedException refused) {
            refused(refused.refused().size());
        }
    }

    private void record(String outcome, String replyClass) {
        MeterRegistry r = registry;
        Long start = started.get();
        started.remove();
        if (r == null) {
            return;
        }
        Counter.builder("smtp.messages")
                .description("Messages handed to SMTP, by outcome and reply class")
                .tag("outcome", outcome)
                .tag("reply.class", replyClass)
                .register(r)
                .increment();
        if (start != null) {
            Timer.builder("smtp.send")
                    .description("Time from MAIL FROM to the final reply")
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
