/** Micrometer metrics for sends and the pool; no addresses or other personal data in tags. */
@NullMarked
package dev.netsmtp.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
