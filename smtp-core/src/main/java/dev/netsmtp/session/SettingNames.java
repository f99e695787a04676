/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

/**
 * How error messages and warnings name a setting the user can change, so that the advice reads
 * the way the user configured the session: {@link SmtpConfig.Builder} calls by default
 * ({@link #BUILDER}); an integration that builds the configuration from properties of its own
 * names those (netsmtp's Spring Boot starter names {@code smtp.*} keys).
 */
@FunctionalInterface
public interface SettingNames {

    /** A setting error messages advise changing. */
    enum Setting {
        /** How the connection is protected; the value is a {@link dev.netsmtp.tls.TlsMode} constant's name. */
        TLS_MODE,
        /** Whether credentials may go without TLS; the value is {@code true} or {@code false}. */
        ALLOW_AUTH_WITHOUT_TLS,
        /** Whether the server's certificate is verified; {@code true} or {@code false}. */
        VERIFY_CERTIFICATE,
        /** Whether the certificate must match the host name; {@code true} or {@code false}. */
        VERIFY_HOSTNAME,
        /** The trust material that verifies the server's certificate; no value. */
        TRUST,
        /** The client certificate presented to the server; no value. */
        CLIENT_CERTIFICATE
    }

    /** Names settings as {@link SmtpConfig.Builder} calls, e.g. {@code tls(TlsMode.IMPLICIT)}. */
    SettingNames BUILDER = (setting, value) -> switch (setting) {
        case TLS_MODE -> "tls(TlsMode." + value + ")";
        case ALLOW_AUTH_WITHOUT_TLS -> "allowAuthWithoutTls(" + value + ")";
        case VERIFY_CERTIFICATE -> "tlsVerifyCertificate(" + value + ")";
        case VERIFY_HOSTNAME -> "tlsVerifyHostname(" + value + ")";
        case TRUST -> "sslContext(...) with a trust store that holds the server's certificate authority";
        case CLIENT_CERTIFICATE -> "clientCertificate(...)";
    };

    /**
     * Names a setting with the value advised, as the user writes it.
     *
     * @param setting the setting
     * @param value the value in the builder's spelling (a {@code TlsMode} constant's name,
     *     {@code true}, {@code false}); empty for settings without one
     * @return e.g. {@code tls(TlsMode.IMPLICIT)} or {@code smtp.tls.mode=implicit}
     */
    String name(Setting setting, String value);
}
