/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Spring's {@link org.springframework.mail.javamail.JavaMailSender} over netsmtp's pool, so code
 * written for {@code spring-boot-starter-mail} sends through netsmtp unchanged.
 */
@NullMarked
package dev.netsmtp.autoconfigure.mail;

import org.jspecify.annotations.NullMarked;
