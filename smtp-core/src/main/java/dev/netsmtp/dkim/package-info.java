/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * DKIM signing (RFC 6376, RSA-SHA256 and RFC 8463's Ed25519-SHA256) on the JDK's
 * {@link java.security.Signature}: {@link dev.netsmtp.dkim.DkimSigner} signs a message once, on the
 * bytes that go to the wire, so every retry and failover sends the same signed bytes.
 */
@NullMarked
package dev.netsmtp.dkim;

import org.jspecify.annotations.NullMarked;
