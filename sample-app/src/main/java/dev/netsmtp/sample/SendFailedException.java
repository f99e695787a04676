/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;

/**
 * A send that did not end in "sent": the report to answer with (502, as problem details) and the
 * error it came to. Titles say who stopped the message: the server (with its reply), the client,
 * or nobody knows (uncertain).
 */
public final class SendFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The report: not serialized with the exception, which never leaves the application. */
    private final transient SendReport report;

    private final RuntimeException error;

    SendFailedException(SendReport report, RuntimeException error) {
        super(summary(error), error);
        this.report = report;
        this.error = error;
    }

    /**
     * What the send came to: netsmtp's exception.
     *
     * @return the error
     */
    public RuntimeException error() {
        return error;
    }

    /**
     * The send's report.
     *
     * @return the report
     */
    public SendReport report() {
        return report;
    }

    /**
     * The error under Spring's mail exceptions: the one netsmtp gave for the message.
     *
     * @param error what the send threw
     * @return netsmtp's exception when there is one, else the error itself
     */
    static RuntimeException underlying(RuntimeException error) {
        if (error instanceof MailSendException send) {
            for (Exception e : send.getFailedMessages().values()) {
                if (e instanceof RuntimeException r) {
                    return r;
                }
            }
        }
        if (error instanceof MailAuthenticationException && error.getCause() instanceof RuntimeException r) {
            return r;
        }
        return error;
    }

    /**
     * Who stopped the message, as a problem's title.
     *
     * @param error netsmtp's exception
     * @return the title
     */
    static String title(RuntimeException error) {
        if (error instanceof SmtpDeliveryUncertainException) {
            return "The message may have been delivered";
        }
        if (error instanceof SmtpException smtp && smtp.reply().isPresent()) {
            return "The SMTP server did not take the message";
        }
        return "The message was not sent";
    }

    /**
     * The reason in a line for a person: the server's reply, or the error without its envelope.
     *
     * @param error netsmtp's exception
     * @return the reason
     */
    static String summary(RuntimeException error) {
        if (error instanceof SmtpException smtp
                && smtp.reply().isPresent()
                && !(error instanceof SmtpDeliveryUncertainException)) {
            return smtp.reply().get().toString();
        }
        String message = String.valueOf(error.getMessage());
        int envelope = message.indexOf(" Envelope[");
        return (envelope >= 0 ? message.substring(0, envelope) : message).strip();
    }
}
