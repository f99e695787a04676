/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.observation;

import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.observation.SmtpObservationDocumentation.HighCardinalityKeyNames;
import dev.netsmtp.observation.SmtpObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The keys of {@link SmtpObservationDocumentation#SEND}: OpenTelemetry's {@code server.address},
 * {@code server.port} and {@code error.type}, and the send's outcome, reply class and enhanced
 * status class; the attempts as a high-cardinality key. No address, subject or other personal
 * data. Extend it to add keys; the static methods classify an error the same way for meters of
 * the application's own.
 */
public class DefaultSmtpObservationConvention implements SmtpObservationConvention {

    /** The observation's name. */
    public static final String NAME = "smtp.client.send";

    private static final String UNKNOWN = "unknown";
    private static final String NONE = "none";

    /** Creates the convention. */
    public DefaultSmtpObservationConvention() {}

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(SmtpSendContext context) {
        return "smtp send";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(SmtpSendContext context) {
        Optional<InetSocketAddress> server = context.getServer();
        Throwable error = context.getError();
        boolean ended = error != null || context.getResult().isPresent();
        return KeyValues.of(
                LowCardinalityKeyNames.SERVER_ADDRESS.withValue(
                        server.map(InetSocketAddress::getHostString).orElse(UNKNOWN)),
                LowCardinalityKeyNames.SERVER_PORT.withValue(
                        server.map(s -> Integer.toString(s.getPort())).orElse(UNKNOWN)),
                LowCardinalityKeyNames.OUTCOME.withValue(ended ? outcome(error) : UNKNOWN),
                LowCardinalityKeyNames.REPLY_CLASS.withValue(ended ? replyClass(error) : NONE),
                LowCardinalityKeyNames.ENHANCED_STATUS_CLASS.withValue(
                        error != null
                                ? enhancedStatusClass(error)
                                : context.getResult()
                                        .flatMap(r -> r.reply().enhancedStatusCode())
                                        .map(c -> Integer.toString(c.codeClass()))
                                        .orElse(NONE)),
                LowCardinalityKeyNames.ERROR_TYPE.withValue(error == null ? NONE : errorType(error)));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(SmtpSendContext context) {
        return KeyValues.of(
                HighCardinalityKeyNames.ATTEMPTS.withValue(Integer.toString(context.getAttempts())),
                HighCardinalityKeyNames.MESSAGE_KEY.withValue(
                        context.getEnvelope().key().map(IdempotencyKey::value).orElse(NONE)));
    }

    /**
     * The outcome a send or an attempt ended with.
     *
     * @param error its error; null when it was sent
     * @return {@code sent}, {@code failed} or {@code uncertain}
     */
    public static String outcome(@Nullable Throwable error) {
        if (error == null) {
            return "sent";
        }
        return error instanceof SmtpDeliveryUncertainException ? "uncertain" : "failed";
    }

    /**
     * The class of the reply that decided the outcome.
     *
     * @param error the error; null when sent
     * @return {@code 2xx} when sent, the error's reply class, or {@code none} when no reply decided it
     */
    public static String replyClass(@Nullable Throwable error) {
        if (error == null) {
            return "2xx";
        }
        return error instanceof SmtpException e
                ? e.reply().map(r -> r.code() / 100 + "xx").orElse(NONE)
                : NONE;
    }

    /**
     * RFC 3463's class of the error's enhanced status code.
     *
     * @param error the error
     * @return {@code 4} or {@code 5}, or {@code none} when the reply had none
     */
    public static String enhancedStatusClass(Throwable error) {
        return error instanceof SmtpException e
                ? e.enhancedStatusCode()
                        .map(c -> Integer.toString(c.codeClass()))
                        .orElse(NONE)
                : NONE;
    }

    /**
     * The error's type as a key value: its simple class name, or its full name for a class
     * without one.
     *
     * @param error the error
     * @return the type
     */
    public static String errorType(Throwable error) {
        String simple = error.getClass().getSimpleName();
        return simple.isEmpty() ? error.getClass().getName() : simple;
    }
}
