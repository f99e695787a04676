/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth.oauth2;

/** How the client proves itself to the token endpoint (RFC 6749 section 2.3.1). */
public enum ClientAuthentication {
    /** The id and secret in an HTTP Basic Authorization header ({@code client_secret_basic}), which every server must take. */
    BASIC,
    /** The id and secret in the request's form ({@code client_secret_post}). */
    POST
}
