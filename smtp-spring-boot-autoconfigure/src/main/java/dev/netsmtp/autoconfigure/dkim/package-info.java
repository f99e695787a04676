/** DKIM signing configured by {@code smtp.dkim.*}. */
@NullMarked
package dev.netsmtp.autoconfigure.dkim;

import org.jspecify.annotations.NullMarked;
