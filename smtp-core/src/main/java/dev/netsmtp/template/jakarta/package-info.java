/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Jakarta Mail interop, the only package that imports {@code jakarta.mail}: send a
 * {@code MimeMessage} through any {@link dev.netsmtp.template.SmtpOperations}. Needs
 * {@code jakarta.mail-api} and an implementation (Angus Mail) on the class path.
 */
@NullMarked
package dev.netsmtp.template.jakarta;

import org.jspecify.annotations.NullMarked;
