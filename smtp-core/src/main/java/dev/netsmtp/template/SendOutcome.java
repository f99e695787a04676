package dev.netsmtp.template;

import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What became of one message of a batch: its result, or the error that stopped it.
 *
 * @param message the message
 * @param result the result when sent
 * @param error the error when not sent (or uncertain)
 */
public record SendOutcome(OutgoingMessage message, Optional<SendResult> result, Optional<SmtpException> error) {

    static SendOutcome of(OutgoingMessage message, @Nullable SendResult result, @Nullable SmtpException error) {
        return new SendOutcome(message, Optional.ofNullable(result), Optional.ofNullable(error));
    }

    /**
     * Tells whether the message was accepted.
     *
     * @return true when sent
     */
    public boolean isSent() {
        return result.isPresent();
    }
}
