/**
 * {@link dev.netsmtp.test.autoconfigure.AutoConfigureSmtpTestServer}: the test kit's SMTP server
 * in Spring tests.
 */
@NullMarked
package dev.netsmtp.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
