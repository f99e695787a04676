/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * {@link dev.netsmtp.test.autoconfigure.AutoConfigureSmtpTestServer}: the test kit's SMTP server
 * in Spring tests.
 */
@NullMarked
package dev.netsmtp.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
