/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * netsmtp: an SMTP client modelled on Ruby's Net::SMTP.
 *
 * <p>This root package holds the values and errors every other package shares and depends on no
 * other netsmtp package. The map, with arrows pointing down only:
 *
 * <pre>
 * dev.netsmtp            SmtpReply, EnhancedStatusCode, Capabilities, Envelope, SendResult, SmtpException...
 *   dev.netsmtp.internal the wire: reply reader, command writer, DATA encoder (not API)
 *   dev.netsmtp.auth     SASL mechanisms
 *   dev.netsmtp.tls      TLS modes and settings
 *   dev.netsmtp.event    listeners and the redacting transcript
 *     dev.netsmtp.session  Smtp, SmtpSession, SmtpConfig
 * </pre>
 */
@NullMarked
package dev.netsmtp;

import org.jspecify.annotations.NullMarked;
