/** Delivery reports (RFC 3464) as Spring application events: {@link dev.netsmtp.autoconfigure.dsn.SmtpDeliveryReports}. */
@NullMarked
package dev.netsmtp.autoconfigure.dsn;

import org.jspecify.annotations.NullMarked;
