/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

/**
 * Where the sample's mail goes, as configured: the host, the port and the TLS mode the client uses
 * for {@code smtp.*} (a port left out is the one the TLS mode implies: 465 for implicit TLS), and
 * whether it is the embedded server. What a connection actually negotiated is in each send's
 * {@link SendReport.Connection}.
 *
 * @param host the server's host
 * @param port the port the client connects to
 * @param tls the configured TLS mode, e.g. {@code starttls-required}
 * @param embedded whether the server is the embedded one, whose inbox the page shows
 */
public record SmtpDestination(String host, int port, String tls, boolean embedded) {}
