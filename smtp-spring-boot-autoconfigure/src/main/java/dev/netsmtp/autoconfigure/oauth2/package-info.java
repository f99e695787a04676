/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * OAuth2 tokens for SMTP logins from Spring Security's OAuth2 client: {@code smtp.auth.oauth2.*}.
 */
@NullMarked
package dev.netsmtp.autoconfigure.oauth2;

import org.jspecify.annotations.NullMarked;
