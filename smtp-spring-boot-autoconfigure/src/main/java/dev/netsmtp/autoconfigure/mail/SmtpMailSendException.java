/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.mail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.mail.MailSendException;

/**
 * Spring's {@link MailSendException}, telling the messages that were not sent from those whose
 * fate is uncertain. {@link #getFailedMessages()} maps every message that was not surely sent (the
 * {@code SimpleMailMessage} or {@code MimeMessage} passed in) to its exception: a
 * {@link dev.netsmtp.SmtpException} with the server's reply for a refusal, Jakarta Mail's
 * exception for a message that could not be read. {@link #getUncertainMessages()} lists those among
 * them that may have been delivered (their exception is a
 * {@link dev.netsmtp.SmtpDeliveryUncertainException}): resending them may deliver twice.
 */
public final class SmtpMailSendException extends MailSendException {

    private static final long serialVersionUID = 1L;

    // Not serialised (the messages are not Serializable), as MailSendException's own map.
    private final transient List<Object> uncertain;

    SmtpMailSendException(Map<Object, Exception> failed, Set<Object> uncertain, int total) {
        super(describe(failed.size(), uncertain.size(), total), firstCause(failed), new LinkedHashMap<>(failed));
        this.uncertain = List.copyOf(uncertain);
    }

    /**
     * Returns the messages that may have been delivered although no reply says so: the data was
     * sent and the connection broke before the server's answer. Do not resend them blindly.
     *
     * @return the messages, in the order they were given; empty when every failure is certain
     */
    public List<Object> getUncertainMessages() {
        return uncertain == null ? List.of() : uncertain;
    }

    private static String describe(int failed, int uncertain, int total) {
        String text = failed + " of " + total + (total == 1 ? " message" : " messages") + " not sent";
        if (uncertain > 0) {
            text += ", " + uncertain + " of them uncertain (may have been delivered; see getUncertainMessages())";
        }
        return text;
    }

    private static Exception firstCause(Map<Object, Exception> failed) {
        return failed.values().iterator().next();
    }
}
