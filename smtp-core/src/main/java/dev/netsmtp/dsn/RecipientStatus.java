/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dsn;

import dev.netsmtp.EnhancedStatusCode;
import java.util.Optional;

/**
 * What a delivery report says about one recipient (RFC 3464 section 2.3). Addresses are as the
 * report gives them, with RFC 6533's escapes and xtext decoded; text is escaped for logs.
 *
 * @param finalRecipient the address the reporting MTA tried ({@code Final-Recipient})
 * @param originalRecipient the address the sender named ({@code Original-Recipient}, from ORCPT)
 * @param action what became of the message for this recipient
 * @param status the RFC 3463 status
 * @param diagnosticCode what the remote server said ({@code Diagnostic-Code}), when it said
 * @param remoteMta the server that said it ({@code Remote-MTA})
 */
public record RecipientStatus(
        String finalRecipient,
        Optional<String> originalRecipient,
        Action action,
        EnhancedStatusCode status,
        Optional<String> diagnosticCode,
        Optional<String> remoteMta) {}
