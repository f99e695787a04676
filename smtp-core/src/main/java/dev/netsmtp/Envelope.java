/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The SMTP envelope of one message: the reverse path for MAIL FROM, the recipients for RCPT TO,
 * and the ESMTP parameters that go with them.
 *
 * <p>Every address and parameter is checked by {@link SmtpSyntax} when the envelope is built, so
 * a value that could inject a command never reaches the wire. The parameters netsmtp derives from
 * the message and the server (SIZE, BODY, SMTPUTF8) are not set here; DSN parameters are sent
 * only to servers that advertise DSN (RFC 3461 section 4). Immutable and thread-safe.
 */
public final class Envelope {

    /** The null reverse path {@code <>}, used for bounces and auto-replies (RFC 5321 section 4.5.5). */
    public static final String NULL_REVERSE_PATH = "";

    /** The MAIL parameters that netsmtp sets itself and a caller may not. */
    private static final Set<String> RESERVED =
            Set.of("SIZE", "BODY", "SMTPUTF8", "RET", "ENVID", "AUTH", "REQUIRETLS");

    private final String reversePath;
    private final List<Recipient> recipients;
    private final @Nullable DsnReturn dsnReturn;
    private final @Nullable String envelopeId;
    private final @Nullable IdempotencyKey key;
    private final boolean smtpUtf8;
    private final boolean smtpUtf8Asked;
    private final boolean requireTls;
    private final Map<String, String> mailParameters;

    private Envelope(Builder b) {
        this.reversePath = b.reversePath;
        this.recipients = List.copyOf(b.recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        this.dsnReturn = b.dsnReturn;
        this.envelopeId = b.envelopeId;
        this.key = b.key;
        this.mailParameters = b.mailParameters.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(b.mailParameters));
        boolean nonAscii = !SmtpSyntax.isAscii(reversePath);
        for (Recipient r : recipients) {
            nonAscii |= !SmtpSyntax.isAscii(r.address());
        }
        this.smtpUtf8 = b.smtpUtf8 || nonAscii;
        this.smtpUtf8Asked = b.smtpUtf8;
        this.requireTls = b.requireTls;
    }

    /**
     * Tells whether the message must travel only over verified TLS, on every hop (REQUIRETLS,
     * RFC 8689). netsmtp sends it only over a TLS session whose certificate was verified (both
     * checks on) and whose server advertised REQUIRETLS after STARTTLS; otherwise the send fails
     * before MAIL: the flag is never dropped silently (RFC 8689 section 4.2.1).
     *
     * @return true when REQUIRETLS is asked for
     */
    public boolean requiresTls() {
        return requireTls;
    }

    /**
     * Returns this envelope with REQUIRETLS asked for.
     *
     * @return this envelope when it already asks for it, else a copy that does
     */
    public Envelope requiringTls() {
        if (requireTls) {
            return this;
        }
        Builder b = copy();
        b.requireTls = true;
        return b.build();
    }

    /**
     * Returns this envelope with an idempotency key.
     *
     * @param key the key
     * @return this envelope when it has that key, else a copy that does
     */
    public Envelope withKey(IdempotencyKey key) {
        if (key.equals(this.key)) {
            return this;
        }
        return new Envelope(this, key);
    }

    /** A copy with another key: every other value is immutable and already checked, so shared. */
    private Envelope(Envelope from, IdempotencyKey key) {
        this.reversePath = from.reversePath;
        this.recipients = from.recipients;
        this.dsnReturn = from.dsnReturn;
        this.envelopeId = from.envelopeId;
        this.key = Objects.requireNonNull(key, "key");
        this.smtpUtf8 = from.smtpUtf8;
        this.smtpUtf8Asked = from.smtpUtf8Asked;
        this.requireTls = from.requireTls;
        this.mailParameters = from.mailParameters;
    }

    /**
     * Returns the idempotency key of the message this envelope carries.
     *
     * @return the key, or empty when the caller gave none (the template then makes one)
     */
    public Optional<IdempotencyKey> key() {
        return Optional.ofNullable(key);
    }

    private Builder copy() {
        Builder b = builder().from(reversePath);
        recipients.forEach(b::recipient);
        b.dsnReturn = dsnReturn;
        b.envelopeId = envelopeId;
        b.key = key;
        b.smtpUtf8 = smtpUtf8Asked;
        b.requireTls = requireTls;
        b.mailParameters.putAll(mailParameters);
        return b;
    }

    /**
     * Returns this envelope as a server without SMTPUTF8 can take it: every address whose local
     * part is ASCII with its domain as IDNA A-labels (RFC 5890; {@code info@bücher.example} as
     * {@code info@xn--bcher-kva.example}). A domain names the same host in either form, so the
     * message goes to the same place.
     *
     * @return the envelope in ASCII, or empty when a local part is not ASCII or SMTPUTF8 was asked
     *     for with {@link Builder#smtpUtf8(boolean)} (UTF-8 headers need it whatever the addresses)
     */
    public Optional<Envelope> asciiDomainForm() {
        if (!smtpUtf8) {
            return Optional.of(this);
        }
        if (smtpUtf8Asked) {
            return Optional.empty();
        }
        Builder b = builder();
        Optional<String> from = reversePath.isEmpty() ? Optional.of("") : SmtpSyntax.asciiDomainForm(reversePath);
        if (from.isEmpty()) {
            return Optional.empty();
        }
        b.from(from.get());
        for (Recipient r : recipients) {
            Optional<String> to = SmtpSyntax.asciiDomainForm(r.address());
            if (to.isEmpty()) {
                return Optional.empty();
            }
            // With a key, the report must name the recipient as the caller did (RFC 6533).
            Optional<String> original =
                    key == null || r.originalRecipient().isPresent() ? r.originalRecipient() : Optional.of(r.address());
            b.recipient(new Recipient(to.get(), r.notifyOn(), original));
        }
        b.dsnReturn = dsnReturn;
        b.envelopeId = envelopeId;
        b.key = key;
        b.requireTls = requireTls;
        b.mailParameters.putAll(mailParameters);
        return Optional.of(b.build());
    }

    /**
     * Creates an envelope without ESMTP parameters.
     *
     * @param reversePath the sender for MAIL FROM, or {@link #NULL_REVERSE_PATH}
     * @param recipients at least one recipient
     * @return the envelope
     * @throws IllegalArgumentException when there is no recipient or an address is not allowed
     */
    public static Envelope of(String reversePath, String... recipients) {
        return builder().from(reversePath).to(recipients).build();
    }

    /**
     * Creates an envelope without ESMTP parameters.
     *
     * @param reversePath the sender for MAIL FROM, or {@link #NULL_REVERSE_PATH}
     * @param recipients at least one recipient
     * @return the envelope
     * @throws IllegalArgumentException when there is no recipient or an address is not allowed
     */
    public static Envelope of(String reversePath, Collection<String> recipients) {
        return builder().from(reversePath).to(recipients).build();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the reverse path, empty for the null reverse path.
     *
     * @return the sender address
     */
    public String reversePath() {
        return reversePath;
    }

    /**
     * Returns the recipients in order, each once.
     *
     * @return at least one recipient
     */
    public List<Recipient> recipients() {
        return recipients;
    }

    /**
     * Returns the recipients' addresses in order.
     *
     * @return at least one address
     */
    public List<String> recipientAddresses() {
        List<String> out = new ArrayList<>(recipients.size());
        recipients.forEach(r -> out.add(r.address()));
        return Collections.unmodifiableList(out);
    }

    /**
     * Returns the DSN {@code RET} parameter, when set.
     *
     * @return the return choice, or empty
     */
    public Optional<DsnReturn> dsnReturn() {
        return Optional.ofNullable(dsnReturn);
    }

    /**
     * Returns the DSN {@code ENVID} parameter (before xtext encoding): the one set, else the
     * {@linkplain #key() key's}.
     *
     * @return the envelope id, or empty
     */
    public Optional<String> envelopeId() {
        return envelopeId != null ? Optional.of(envelopeId) : key().map(IdempotencyKey::envelopeId);
    }

    /**
     * Tells whether the transaction needs SMTPUTF8: an address is not ASCII, or it was asked for
     * because the message's headers are UTF-8 (RFC 6531).
     *
     * @return true when MAIL FROM must carry SMTPUTF8
     */
    public boolean requiresSmtpUtf8() {
        return smtpUtf8;
    }

    /**
     * Returns extra MAIL FROM parameters given by the caller, in order; a value may be empty.
     *
     * @return keyword to value
     */
    public Map<String, String> mailParameters() {
        return mailParameters;
    }

    /**
     * Returns the envelope in a readable form.
     *
     * @return the reverse path and recipients
     */
    @Override
    public String toString() {
        return "Envelope[from=<" + reversePath + ">, to=" + recipientAddresses() + (key == null ? "" : ", key=" + key)
                + "]";
    }

    /**
     * One recipient with its DSN parameters.
     *
     * @param address the forward path for RCPT TO, without angle brackets
     * @param notifyOn when DSNs are wanted; empty for the server's default
     * @param originalRecipient the DSN {@code ORCPT} address, when set
     */
    public record Recipient(String address, Set<DsnNotify> notifyOn, Optional<String> originalRecipient) {

        /**
         * Checks the recipient.
         *
         * @param address the forward path
         * @param notifyOn the DSN notify set
         * @param originalRecipient the original recipient
         * @throws IllegalArgumentException when the address is not allowed or NEVER is combined
         */
        public Recipient {
            SmtpSyntax.checkMailbox("recipient", address);
            notifyOn = notifyOn.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(notifyOn));
            if (notifyOn.contains(DsnNotify.NEVER) && notifyOn.size() > 1) {
                throw new IllegalArgumentException("DSN NOTIFY=NEVER cannot be combined with " + notifyOn);
            }
            originalRecipient.ifPresent(o -> SmtpSyntax.checkMailbox("original recipient", o));
        }

        /**
         * Creates a recipient without DSN parameters.
         *
         * @param address the forward path
         * @return the recipient
         */
        public static Recipient of(String address) {
            return new Recipient(address, Set.of(), Optional.empty());
        }
    }

    /** Builds an {@link Envelope}. Not thread-safe. */
    public static final class Builder {
        private String reversePath = NULL_REVERSE_PATH;
        private boolean fromSet;
        /** In order, each address once: a later recipient of the same address takes the first's place. */
        private final List<Recipient> recipients = new ArrayList<>(2);
        /** Positions by address, made once the list is long enough for a scan to cost more. */
        private @Nullable Map<String, Integer> positions;

        private @Nullable DsnReturn dsnReturn;
        private @Nullable String envelopeId;
        private @Nullable IdempotencyKey key;
        private boolean smtpUtf8;
        private boolean requireTls;
        private final Map<String, String> mailParameters = new LinkedHashMap<>(2);

        private Builder() {}

        /**
         * Asks that the message travel only over verified TLS on every hop (REQUIRETLS, RFC
         * 8689); see {@link Envelope#requiresTls()}.
         *
         * @param required false by default
         * @return this builder
         */
        public Builder requireTls(boolean required) {
            this.requireTls = required;
            return this;
        }

        /**
         * Sets the reverse path.
         *
         * @param reversePath the sender, or {@link #NULL_REVERSE_PATH} for {@code <>}
         * @return this builder
         * @throws IllegalArgumentException when the address is not allowed
         */
        public Builder from(String reversePath) {
            if (!reversePath.isEmpty()) {
                SmtpSyntax.checkMailbox("reverse path", reversePath);
            }
            this.reversePath = reversePath;
            this.fromSet = true;
            return this;
        }

        /**
         * Adds recipients; an address given twice is sent once.
         *
         * @param addresses the recipients
         * @return this builder
         * @throws IllegalArgumentException when an address is not allowed
         */
        public Builder to(String... addresses) {
            return to(List.of(addresses));
        }

        /**
         * Adds recipients; an address given twice is sent once.
         *
         * @param addresses the recipients
         * @return this builder
         * @throws IllegalArgumentException when an address is not allowed
         */
        public Builder to(Collection<String> addresses) {
            for (String a : addresses) {
                recipient(Recipient.of(a));
            }
            return this;
        }

        /**
         * Adds a recipient with DSN parameters, replacing an earlier one with the same address.
         *
         * @param recipient the recipient
         * @return this builder
         */
        public Builder recipient(Recipient recipient) {
            int at = positionOf(recipient.address());
            if (at >= 0) {
                recipients.set(at, recipient);
                return this;
            }
            recipients.add(recipient);
            if (positions != null) {
                positions.put(recipient.address(), recipients.size() - 1);
            }
            return this;
        }

        private int positionOf(String address) {
            Map<String, Integer> index = positions;
            if (index == null && recipients.size() > 8) {
                index = new java.util.HashMap<>();
                for (int i = 0; i < recipients.size(); i++) {
                    index.put(recipients.get(i).address(), i);
                }
                positions = index;
            }
            if (index != null) {
                Integer at = index.get(address);
                return at == null ? -1 : at;
            }
            for (int i = 0; i < recipients.size(); i++) {
                if (recipients.get(i).address().equals(address)) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Sets the DSN {@code RET} parameter.
         *
         * @param ret what a DSN should return
         * @return this builder
         */
        public Builder dsnReturn(DsnReturn ret) {
            this.dsnReturn = ret;
            return this;
        }

        /**
         * Sets the DSN {@code ENVID} parameter; it is xtext-encoded on the wire.
         *
         * @param envelopeId an identifier of the caller's choosing, at most 100 characters
         * @return this builder
         * @throws IllegalArgumentException when empty or longer than 100 characters
         */
        public Builder envelopeId(String envelopeId) {
            if (envelopeId.isEmpty() || envelopeId.length() > 100) {
                throw new IllegalArgumentException("DSN envelope id must be 1 to 100 characters");
            }
            this.envelopeId = envelopeId;
            return this;
        }

        /**
         * Sets the message's idempotency key: the ENVID when no {@link #envelopeId} is set and the
         * server offers DSN, each recipient's ORCPT (RFC 3461) when none is set, and in every
         * result, exception, transcript and observation of the send.
         *
         * @param key the key
         * @return this builder
         */
        public Builder key(IdempotencyKey key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * Asks for SMTPUTF8 even when every address is ASCII, for a message whose headers are
         * UTF-8 (RFC 6531). Non-ASCII addresses ask for it by themselves.
         *
         * @param smtpUtf8 whether to require SMTPUTF8
         * @return this builder
         */
        public Builder smtpUtf8(boolean smtpUtf8) {
            this.smtpUtf8 = smtpUtf8;
            return this;
        }

        /**
         * Adds a MAIL FROM parameter for an extension netsmtp does not model, such as
         * {@code MT-PRIORITY}. SIZE, BODY, SMTPUTF8, RET, ENVID and AUTH are netsmtp's own.
         *
         * @param keyword the parameter keyword
         * @param value its value, or empty for none
         * @return this builder
         * @throws IllegalArgumentException when the parameter breaks the grammar or is reserved
         */
        public Builder mailParameter(String keyword, String value) {
            SmtpSyntax.checkParameter(keyword, value);
            String upper = keyword.toUpperCase(Locale.ROOT);
            if (RESERVED.contains(upper)) {
                throw new IllegalArgumentException("MAIL parameter " + upper + " is set by netsmtp; use the "
                        + "Envelope builder's own method or let the session derive it");
            }
            mailParameters.put(upper, value);
            return this;
        }

        /**
         * Builds the envelope.
         *
         * @return the envelope
         * @throws IllegalArgumentException when no reverse path was given or there is no recipient
         */
        public Envelope build() {
            if (!fromSet) {
                throw new IllegalArgumentException(
                        "an envelope needs a reverse path (Envelope.NULL_REVERSE_PATH for <>)");
            }
            return new Envelope(this);
        }
    }
}
