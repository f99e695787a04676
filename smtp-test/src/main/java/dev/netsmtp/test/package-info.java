/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * A test kit for applications that send mail: {@link dev.netsmtp.test.SmtpTestServer}, a small
 * real ESMTP server in process that keeps what it accepted and fails on cue, usable as a JUnit 5
 * extension; and {@link dev.netsmtp.test.SmtpAssertions} to assert on what arrived.
 */
@NullMarked
package dev.netsmtp.test;

import org.jspecify.annotations.NullMarked;
