/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * SMTP AUTH (RFC 4954): a small SASL SPI shaped like the JDK's {@code SaslClient}
 * ({@link dev.netsmtp.auth.AuthMechanism} starts a {@link dev.netsmtp.auth.SaslExchange}), the
 * built-in PLAIN, LOGIN, CRAM-MD5 and XOAUTH2, and {@link dev.netsmtp.auth.Credentials}, whose
 * {@code toString()} never shows a secret. OAuth2 tokens come from a {@link dev.netsmtp.auth.TokenSource}
 * (kept and renewed single-flight by {@link dev.netsmtp.auth.TokenSource#caching}), which the
 * session tells when a server refuses a token. No socket in sight: the session drives the exchange.
 */
@NullMarked
package dev.netsmtp.auth;

import org.jspecify.annotations.NullMarked;
