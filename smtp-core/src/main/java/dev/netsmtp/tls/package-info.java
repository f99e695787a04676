/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * TLS: {@link dev.netsmtp.tls.TlsMode} (none, opportunistic or required STARTTLS, implicit TLS)
 * and {@link dev.netsmtp.tls.TlsSettings}, which makes the TLS socket factory and sets SNI and
 * host name verification.
 */
@NullMarked
package dev.netsmtp.tls;

import org.jspecify.annotations.NullMarked;
