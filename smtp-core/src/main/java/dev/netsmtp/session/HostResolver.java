/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a server's host name into the addresses to connect to, tried in the order given until
 * one accepts (OkHttp's {@code Dns}). The lookup runs inside the connect timeout and the send's
 * time limit: a resolver that hangs is left behind when the bound passes. Implementations are
 * thread-safe.
 *
 * <pre>{@code
 * SmtpConfig config = SmtpConfig.builder()
 *         .host("smtp.example.com")
 *         .resolver(host -> List.of(InetAddress.getByName("192.0.2.25")))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface HostResolver {

    /** The JDK's resolver ({@link InetAddress#getAllByName(String)}), every address in its order. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * Resolves a host name or address literal.
     *
     * @param host the name, as configured
     * @return the addresses, at least one, in the order to try them
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
