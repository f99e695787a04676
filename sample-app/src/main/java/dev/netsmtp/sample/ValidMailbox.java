/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jspecify.annotations.Nullable;

/**
 * A mailbox as {@link Mailbox#parse} reads it; the refusal says what is wrong with it (an empty
 * value is left to {@code @NotBlank}).
 */
@Documented
@Constraint(validatedBy = ValidMailbox.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidMailbox {

    /**
     * The message when no better one is known.
     *
     * @return the message
     */
    String message() default "not an e-mail address";

    /**
     * Validation groups.
     *
     * @return the groups
     */
    Class<?>[] groups() default {};

    /**
     * Payload.
     *
     * @return the payload
     */
    Class<? extends Payload>[] payload() default {};

    /** Reads the mailbox; the reason it gives becomes the message, taken literally. */
    final class Check implements ConstraintValidator<ValidMailbox, String> {

        /** Created by the validator. */
        public Check() {}

        @Override
        public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
            if (value == null || value.isBlank()) {
                return true;
            }
            try {
                Mailbox.parse("address", value);
                return true;
            } catch (IllegalArgumentException e) {
                String reason = String.valueOf(e.getMessage());
                if (reason.startsWith("address: ")) {
                    reason = reason.substring("address: ".length());
                }
                context.disableDefaultConstraintViolation();
                // Message templates interpolate {...} and ${...}: the reason quotes what was typed,
                // so those characters are escaped to be shown as they are.
                context.buildConstraintViolationWithTemplate(reason.replaceAll("([\\\\{}$])", "\\\\$1"))
                        .addConstraintViolation();
                return false;
            }
        }
    }
}
