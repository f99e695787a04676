/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import dev.netsmtp.SmtpSyntax;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as RFC 9457 problem details: Spring MVC's own (an unsupported media type,
 * an unreadable body) through {@link ResponseEntityExceptionHandler}, a field refused by Bean
 * Validation naming the field, an SMTP failure with the send's report and the server's reply.
 */
@RestControllerAdvice
public class SampleProblems extends ResponseEntityExceptionHandler {

    private static final String TYPES = "https://netsmtp.dev/problems/";

    /** The fields in the form's order: the first refused one is the one the page marks. */
    private static final List<String> FIELDS = List.of("key", "from", "to", "subject", "body", "via");

    /** Creates the advice; Spring does. */
    public SampleProblems() {}

    /**
     * A field Bean Validation refused: 400, the field named (the first in the form's order), every
     * refusal listed.
     */
    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparingInt(f -> order(field(f))))
                .toList();
        if (errors.isEmpty()) {
            return super.handleMethodArgumentNotValid(e, headers, status, request);
        }
        String field = field(errors.get(0));
        ProblemDetail problem = invalid(field, String.valueOf(errors.get(0).getDefaultMessage()));
        problem.setProperty(
                "errors",
                errors.stream()
                        .map(f -> new Refused(field(f), String.valueOf(f.getDefaultMessage())))
                        .toList());
        return ResponseEntity.badRequest().body(problem);
    }

    /** A body in another media type (a form post, say): 415, saying what the API takes. */
    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "the API takes application/json, not "
                        + (e.getContentType() == null ? "a body without a type" : e.getContentType()));
        problem.setTitle("Unsupported media type");
        problem.setType(URI.create(TYPES + "unsupported-media-type"));
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    /** A body that is not the JSON the API takes: 400, with the reason. */
    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "the request body is not a message as JSON ({\"from\", \"to\", \"subject\", \"body\"}): "
                        + SmtpSyntax.printable(firstLine(
                                String.valueOf(e.getMostSpecificCause().getMessage()))));
        problem.setTitle("Unreadable request");
        problem.setType(URI.create(TYPES + "unreadable"));
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    /**
     * A message the client refused before the wire (an address the core will not write): 400.
     *
     * @param e the refusal
     * @return the problem
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> refused(IllegalArgumentException e) {
        String message = SmtpSyntax.printable(String.valueOf(e.getMessage()));
        ProblemDetail problem = FIELDS.stream()
                .filter(message::startsWith)
                .findFirst()
                .map(field -> invalid(field, message))
                .orElseGet(() -> {
                    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
                    p.setTitle("Invalid message");
                    p.setType(URI.create(TYPES + "invalid-field"));
                    return p;
                });
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * A send that did not end in "sent": 502, titled by who stopped it, with the send's report.
     *
     * @param e the failure
     * @return the problem
     */
    @ExceptionHandler(SendFailedException.class)
    ResponseEntity<ProblemDetail> sendFailed(SendFailedException e) {
        RuntimeException error = e.error();
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, SendFailedException.summary(error));
        problem.setTitle(SendFailedException.title(error));
        problem.setType(URI.create(TYPES + "smtp"));
        e.report().properties().forEach(problem::setProperty);
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * One refused field.
     *
     * @param field the field
     * @param detail why
     */
    public record Refused(String field, String detail) {}

    private static ProblemDetail invalid(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid " + field);
        problem.setType(URI.create(TYPES + "invalid-field"));
        problem.setProperty("field", field);
        return problem;
    }

    /** {@code to[2].<list element>} is the field {@code to}. */
    private static String field(FieldError error) {
        String name = error.getField();
        int end = 0;
        while (end < name.length() && Character.isLetterOrDigit(name.charAt(end))) {
            end++;
        }
        return name.substring(0, end);
    }

    private static int order(String field) {
        int i = FIELDS.indexOf(field);
        return i < 0 ? FIELDS.size() : i;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
