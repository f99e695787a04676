/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * OAuth2 grants that get SMTP access tokens unattended: {@link dev.netsmtp.auth.oauth2.ClientCredentialsGrant}
 * (Microsoft Entra app-only) and {@link dev.netsmtp.auth.oauth2.RefreshTokenGrant} with a
 * {@link dev.netsmtp.auth.oauth2.RefreshTokenStore} (Google), each a
 * {@link dev.netsmtp.auth.TokenSource} on the JDK's HTTP client.
 */
@NullMarked
package dev.netsmtp.auth.oauth2;

import org.jspecify.annotations.NullMarked;
