/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test.autoconfigure.readme;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The application around the README's service, found by {@link SignupTests}' {@code @SpringBootTest}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SignupService.class)
class ReadmeApplication {}
