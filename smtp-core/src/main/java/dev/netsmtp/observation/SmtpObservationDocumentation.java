/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of a template send: its keys and events, for documentation generators and for
 * code that wants the key names without spelling them.
 */
public enum SmtpObservationDocumentation implements ObservationDocumentation {

    /**
     * One message sent through the template, from the rate limit and borrowing a session to its
     * outcome, retries included; in scope on the sending thread while its commands run. Named
     * {@code smtp.client.send}; Spring Boot's metrics make it a timer of that name, and Micrometer
     * Tracing a span.
     */
    SEND {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultSmtpObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeyNames.values();
        }

        @Override
        public Observation.Event[] getEvents() {
            return Events.values();
        }
    };

    /** Keys with few values, fit for metric tags. None carries personal data. */
    public enum LowCardinalityKeyNames implements KeyName {

        /** The server's host name as configured (after failover, the one used); {@code unknown} when none was reached. */
        SERVER_ADDRESS {
            @Override
            public String asString() {
                return "server.address";
            }
        },

        /** The server's port; {@code unknown} when none was reached. */
        SERVER_PORT {
            @Override
            public String asString() {
                return "server.port";
            }
        },

        /**
         * {@code sent}, {@code failed}, or {@code uncertain} (the end of data went out and its
         * reply did not come back: the message may have been stored).
         */
        OUTCOME {
            @Override
            public String asString() {
                return "smtp.outcome";
            }
        },

        /** The class of the reply that decided the outcome: {@code 2xx}, {@code 4xx}, {@code 5xx}, or {@code none}. */
        REPLY_CLASS {
            @Override
            public String asString() {
                return "smtp.reply.class";
            }
        },

        /** RFC 3463's class of that reply's enhanced status code: {@code 2}, {@code 4}, {@code 5}, or {@code none}. */
        ENHANCED_STATUS_CLASS {
            @Override
            public String asString() {
                return "smtp.enhanced_status.class";
            }
        },

        /** The error's simple class name, e.g. {@code SmtpServerBusyException}; {@code none} when sent. */
        ERROR_TYPE {
            @Override
            public String asString() {
                return "error.type";
            }
        }
    }

    /** Keys with many values: on spans, never on metrics. */
    public enum HighCardinalityKeyNames implements KeyName {

        /** How many attempts the send made, retries included. */
        ATTEMPTS {
            @Override
            public String asString() {
                return "smtp.attempts";
            }
        },

        /** The message's idempotency key (the caller's, or the one the template made). */
        MESSAGE_KEY {
            @Override
            public String asString() {
                return "smtp.message.key";
            }
        }
    }

    /**
     * What happens during a send. Spring Boot's metrics count each as
     * {@code smtp.client.send.<name>}.
     */
    public enum Events implements Observation.Event {

        /** A new connection was made for the send (none when a pooled one was reused). */
        CONNECTED("connected", "connected to %s:%d"),

        /** That connection is now protected by TLS. */
        TLS("tls", "TLS established (%s)"),

        /** AUTH succeeded on that connection. */
        AUTHENTICATED("authenticated", "authenticated with %s"),

        /** An attempt failed; another may follow. */
        ATTEMPT_FAILED("attempt.failed", "attempt %d failed: %s%s"),

        /** The server signalled load and the template's adaptive rate went down. */
        THROTTLED("throttled", "the server signalled load; the send rate is now %.1f a second");

        private final String name;
        private final String contextualName;

        Events(String name, String contextualName) {
            this.name = name;
            this.contextualName = contextualName;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getContextualName() {
            return contextualName;
        }
    }
}
