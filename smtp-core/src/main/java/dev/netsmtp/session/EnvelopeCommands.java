/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.DsnNotify;
import dev.netsmtp.Envelope;
import dev.netsmtp.RecipientPolicy;
import dev.netsmtp.SmtpMessageTooLargeException;
import dev.netsmtp.SmtpSyntax;
import dev.netsmtp.SmtpTlsException;
import dev.netsmtp.SmtpUnsupportedCommandException;
import dev.netsmtp.internal.MessageBody;
import dev.netsmtp.tls.TlsSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An envelope made ready for one server: every check that needs no server (SIZE, SMTPUTF8,
 * REQUIRETLS's parameter, A-label domains when SMTPUTF8 is missing) and the MAIL and RCPT
 * commands, built before the first byte is written.
 *
 * @param given the envelope as the caller gave it, which listeners hear
 * @param envelope the envelope as this server takes it ({@link #forServer})
 * @param mail the MAIL command
 * @param rcpts one RCPT command per recipient
 * @param pipelining whether the server offers PIPELINING
 * @param dataInGroup whether DATA (or the BDAT chunk) may follow the RCPTs unread: one recipient
 *     or PARTIAL, so that no refusal can make the message unwanted once the server answered 354
 */
record EnvelopeCommands(
        Envelope given, Envelope envelope, String mail, List<String> rcpts, boolean pipelining, boolean dataInGroup) {

    /**
     * Commands whose replies may be unread at one time. RFC 2920 section 3.1 asks a client that
     * does not read while it writes to keep a group within what the socket buffers hold: a server
     * blocked writing replies nobody reads stops reading, and the client's write never ends. A
     * hundred replies of at most 512 octets fit the smallest buffers of common stacks.
     */
    static final int MAX_GROUP = 100;

    /** The same envelope for a caller that writes its own data command (BDAT) into the group. */
    EnvelopeCommands withoutData() {
        return new EnvelopeCommands(given, envelope, mail, rcpts, pipelining, false);
    }

    /** The recipients' addresses as given, in envelope order. */
    List<String> addresses() {
        return Outcomes.recipients(given);
    }

    /**
     * RFC 8689 section 4.1: REQUIRETLS only over TLS with the certificate verified, to a server
     * that advertised it after STARTTLS; otherwise nothing is sent (4.2.1: never dropped).
     */
    static void checkRequireTls(
            Envelope envelope, boolean encrypted, TlsSettings tls, Capabilities caps, SettingNames names) {
        if (!envelope.requiresTls()) {
            return;
        }
        if (!encrypted) {
            throw new SmtpTlsException(
                    "the message asks for REQUIRETLS (RFC 8689) but the session is not encrypted; set "
                            + names.name(SettingNames.Setting.TLS_MODE, "STARTTLS_REQUIRED") + " or "
                            + names.name(SettingNames.Setting.TLS_MODE, "IMPLICIT") + "; nothing was sent",
                    null,
                    null);
        }
        if (!tls.verifyCertificate() || !tls.verifyHostname()) {
            throw new SmtpTlsException(
                    "the message asks for REQUIRETLS (RFC 8689) but the server's certificate is not verified ("
                            + names.name(SettingNames.Setting.VERIFY_CERTIFICATE, "false") + " or "
                            + names.name(SettingNames.Setting.VERIFY_HOSTNAME, "false")
                            + " is set); nothing was sent",
                    null,
                    null);
        }
        if (!caps.supports("REQUIRETLS")) {
            throw new SmtpUnsupportedCommandException(
                    "the message asks for REQUIRETLS (RFC 8689) but the server does not advertise it; it is never "
                            + "dropped silently (RFC 8689 section 4.2.1); nothing was sent",
                    null,
                    null);
        }
    }

    static EnvelopeCommands prepare(
            Envelope given, MessageBody body, Capabilities caps, RecipientPolicy policy, Exchange ex) {
        Envelope envelope = forServer(given, caps, ex);
        String mail = mailCommand(envelope, body, caps);
        List<String> rcpts = rcptCommands(envelope, caps);
        boolean pipelining = caps.supportsPipelining();
        boolean dataInGroup =
                pipelining && (policy == RecipientPolicy.PARTIAL || rcpts.size() == 1) && rcpts.size() + 2 <= MAX_GROUP;
        return new EnvelopeCommands(given, envelope, mail, rcpts, pipelining, dataInGroup);
    }

    static String mailCommand(Envelope envelope, MessageBody body, Capabilities caps) {
        StringBuilder mail = new StringBuilder(64)
                .append("MAIL FROM:<")
                .append(envelope.reversePath())
                .append('>');
        long size = body.size();
        if (caps.supports("SIZE") && size >= 0) {
            OptionalLong limit = caps.sizeLimit();
            if (limit.isPresent() && size > limit.getAsLong()) {
                throw new SmtpMessageTooLargeException(
                        "message of " + size + " octets exceeds the server's SIZE limit of " + limit.getAsLong()
                                + " octets (RFC 1870); not sent",
                        null,
                        null);
            }
            mail.append(" SIZE=").append(size);
        }
        if (caps.supports8BitMime() && body.mayBeEightBit()) {
            mail.append(" BODY=8BITMIME");
        }
        if (envelope.requiresSmtpUtf8()) {
            if (!caps.supportsSmtpUtf8()) {
                throw new SmtpUnsupportedCommandException(
                        "the server does not advertise SMTPUTF8 (RFC 6531), which " + envelope
                                + " needs for its non-ASCII address or headers; nothing was sent",
                        null,
                        null);
            }
            mail.append(" SMTPUTF8");
        }
        if (envelope.requiresTls()) {
            // Checked by the session before anything was sent: verified TLS, and advertised.
            mail.append(" REQUIRETLS");
        }
        if (caps.supportsDsn()) {
            envelope.dsnReturn().ifPresent(ret -> mail.append(" RET=").append(ret.name()));
            envelope.envelopeId().ifPresent(id -> mail.append(" ENVID=").append(SmtpSyntax.xtext(id)));
        }
        for (Map.Entry<String, String> p : envelope.mailParameters().entrySet()) {
            mail.append(' ').append(p.getKey());
            if (!p.getValue().isEmpty()) {
                mail.append('=').append(p.getValue());
            }
        }
        return mail.toString();
    }

    /**
     * The envelope as this server can take it: with A-label domains when it lacks SMTPUTF8 and
     * only domains are not ASCII (said in the transcript); otherwise as given, and
     * {@link #mailCommand} refuses what still needs SMTPUTF8.
     */
    static Envelope forServer(Envelope envelope, Capabilities caps, Exchange ex) {
        if (!envelope.requiresSmtpUtf8() || caps.supportsSmtpUtf8()) {
            return envelope;
        }
        return envelope.asciiDomainForm()
                .map(ascii -> {
                    ex.listener()
                            .notice("the server does not offer SMTPUTF8: sending the internationalised domains as "
                                    + "A-labels (" + SmtpSyntax.printable(ascii.toString()) + ")");
                    return ascii;
                })
                .orElse(envelope);
    }

    /**
     * RCPT TO with the recipient's DSN parameters when the server offers DSN; with
     * {@code orcptByDefault} (the envelope has a key) a recipient without an ORCPT gets its own
     * address, so that a delivery report names the recipient as it was given.
     */
    static String rcptCommand(Envelope.Recipient recipient, Capabilities caps, boolean orcptByDefault) {
        StringBuilder rcpt = new StringBuilder(48)
                .append("RCPT TO:<")
                .append(recipient.address())
                .append('>');
        if (caps.supportsDsn()) {
            if (!recipient.notifyOn().isEmpty()) {
                rcpt.append(" NOTIFY=")
                        .append(recipient.notifyOn().stream()
                                .map(DsnNotify::name)
                                .collect(Collectors.joining(",")));
            }
            @Nullable String orcpt = recipient.originalRecipient().orElse(orcptByDefault ? recipient.address() : null);
            if (orcpt != null) {
                rcpt.append(" ORCPT=")
                        .append(
                                SmtpSyntax.isAscii(orcpt)
                                        ? "rfc822;" + SmtpSyntax.xtext(orcpt)
                                        : "utf-8;" + utf8AddrXtext(orcpt));
            }
        }
        return rcpt.toString();
    }

    private static List<String> rcptCommands(Envelope envelope, Capabilities caps) {
        List<String> rcpts = new ArrayList<>(envelope.recipients().size());
        for (Envelope.Recipient r : envelope.recipients()) {
            rcpts.add(rcptCommand(r, caps, envelope.key().isPresent()));
        }
        return rcpts;
    }

    /** RFC 6533 section 3: utf-8-addr-xtext, non-ASCII and specials as {@code \x{HEX}}. */
    private static String utf8AddrXtext(String address) {
        StringBuilder sb = new StringBuilder();
        address.codePoints().forEach(cp -> {
            if (cp < 33 || cp == 127 || cp == '+' || cp == '=' || cp == '\\' || cp > 127) {
                sb.append("\\x{")
                        .append(Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT))
                        .append('}');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }
}
