/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Spring Boot auto-configuration: binds {@code smtp.*} into a pooled
 * {@link dev.netsmtp.session.SmtpSessionFactory} and an {@link dev.netsmtp.template.SmtpTemplate},
 * with a failure analyzer that names the offending property.
 */
@NullMarked
package dev.netsmtp.autoconfigure;

import org.jspecify.annotations.NullMarked;
