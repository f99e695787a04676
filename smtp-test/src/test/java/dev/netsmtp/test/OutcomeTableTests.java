/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpDeliveryUncertainException;
import dev.netsmtp.SmtpException;
import dev.netsmtp.session.MessageOutputStream;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.tls.TlsMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The outcome rule as one table: every send shape × every phase × every fault, against the kit's
 * server over STARTTLS and AUTH, gives the one outcome the rule names ({@link #expected}), and a
 * message the server stored is never reported failed (sent means stored once, uncertain at most
 * once, failed never). Each case runs on a fresh connection; in the batch shapes the fault hits
 * the second message, whose envelope went behind the first message's end of data when pipelined.
 */
@Timeout(300)
class OutcomeTableTests {

    /** What became of the message the fault hit. */
    enum Outcome {
        SENT,
        TRANSIENT,
        PERMANENT,
        UNCERTAIN,
        UNTRIED
    }

    enum Shape {
        DATA,
        BDAT,
        BDAT_STREAMED,
        MESSAGE_STREAM,
        BATCH_DATA,
        BATCH_BDAT,
        LMTP;

        boolean chunking() {
            return this == BDAT || this == BDAT_STREAMED || this == BATCH_BDAT;
        }

        boolean batch() {
            return this == BATCH_DATA || this == BATCH_BDAT;
        }

        /** Whether the end of data goes in the same write as the envelope: one recipient, BDAT n LAST. */
        boolean endWithEnvelope() {
            return this == BDAT || this == BATCH_BDAT;
        }
    }

    enum Phase {
        GREETING(Step.GREETING),
        EHLO(Step.EHLO),
        STARTTLS(Step.STARTTLS),
        AUTH(Step.AUTH),
        MAIL(Step.MAIL),
        RCPT(Step.RCPT),
        DATA(Step.DATA),
        MESSAGE_DATA(Step.MESSAGE_DATA),
        END_OF_DATA(Step.END_OF_DATA),
        FINAL_REPLY(Step.END_OF_DATA);

        final Step step;

        Phase(Step step) {
            this.step = step;
        }

        boolean setup() {
            return ordinal() <= AUTH.ordinal();
        }

        boolean clearText() {
            return ordinal() <= STARTTLS.ordinal();
        }
    }

    enum Fault {
        TRANSIENT_REPLY,
        PERMANENT_REPLY_THEN_CLOSE,
        RESET,
        EOF,
        SILENCE,
        CORRUPT_TLS_RECORD,
        TLS_ALERT;

        boolean reply() {
            return this == TRANSIENT_REPLY || this == PERMANENT_REPLY_THEN_CLOSE;
        }

        boolean tls() {
            return this == CORRUPT_TLS_RECORD || this == TLS_ALERT;
        }
    }

    private static final Duration SHORT = Duration.ofMillis(250);

    private static final String FIRST = "first@example.com";
    private static final String SECOND = "second@example.com";

    /**
     * The rule, restated per cell. Before the end of data went out, a connection fault is
     * transient; after it, uncertain. A reply decides by its class, and a refusal read before a
     * close stands. Some cells follow from the protocol: a 5xx to EHLO means "try HELO", which
     * the close then breaks (transient); a fault at MAIL, RCPT or BDAT of a one-recipient BDAT
     * send comes after the chunk with its end went out in the same write (uncertain); over LMTP
     * each recipient has its own final reply, so a refusal of the second after the first was
     * delivered leaves the message sent to the first.
     */
    static Outcome expected(Shape shape, Phase phase, Fault fault) {
        if (shape == Shape.LMTP && phase == Phase.END_OF_DATA && fault.reply()) {
            // The first recipient's 250 was read; the second's refusal is its own (RFC 2033 4.2).
            return Outcome.SENT;
        }
        if (shape == Shape.LMTP && phase == Phase.MESSAGE_DATA && fault.reply()) {
            // One reply, taken as the first recipient's, then the close: the second's is lost.
            return Outcome.UNCERTAIN;
        }
        if (fault == Fault.TRANSIENT_REPLY) {
            return Outcome.TRANSIENT;
        }
        if (fault == Fault.PERMANENT_REPLY_THEN_CLOSE) {
            // EHLO's 5xx means "try HELO" in SMTP, which the close then breaks; LMTP has no HELO.
            return phase == Phase.EHLO && shape != Shape.LMTP ? Outcome.TRANSIENT : Outcome.PERMANENT;
        }
        if (phase.setup()) {
            return Outcome.TRANSIENT;
        }
        return switch (phase) {
            case MAIL, RCPT -> shape.endWithEnvelope() ? Outcome.UNCERTAIN : Outcome.TRANSIENT;
            case DATA -> shape.chunking() ? Outcome.UNCERTAIN : Outcome.TRANSIENT;
            default -> Outcome.UNCERTAIN;
        };
    }

    /** Cells that do not exist: TLS faults before TLS is on, a reply after the message was stored. */
    static boolean exists(Shape shape, Phase phase, Fault fault) {
        return !(fault.tls() && phase.clearText()) && !(fault.reply() && phase == Phase.FINAL_REPLY);
    }

    @TestFactory
    Stream<DynamicTest> everyShapeEveryPhaseEveryFault() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            for (Phase phase : Phase.values()) {
                for (Fault fault : Fault.values()) {
                    if (exists(shape, phase, fault)) {
                        tests.add(DynamicTest.dynamicTest(
                                shape + " × " + phase + " × " + fault, () -> run(shape, phase, fault)));
                    }
                }
            }
        }
        return tests.stream();
    }

    private static void run(Shape shape, Phase phase, Fault fault) throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder()
                .user("alice", "alice-pw")
                .chunking(shape.chunking())
                .lmtp(shape == Shape.LMTP)
                .start()) {
            boolean perRecipient = shape == Shape.LMTP && phase.step == Step.END_OF_DATA;
            // LMTP: the second recipient's final reply, after the first was delivered.
            FailureCue cue = perRecipient ? server.failAt(phase.step, SECOND) : server.failAt(phase.step);
            if (shape.batch() && !phase.setup()) {
                cue.skip(1); // the second message of the batch
            }
            if (phase == Phase.FINAL_REPLY) {
                cue.storingFirst();
            }
            arm(cue, phase, fault);
            SmtpConfig config = server.clientConfig()
                    .tls(TlsMode.STARTTLS_REQUIRED)
                    .auth("alice", "alice-pw")
                    .chunking(shape.chunking())
                    .lmtp(shape == Shape.LMTP)
                    .readTimeout(SHORT)
                    .finalReplyTimeout(SHORT)
                    .build();
            Result r = send(shape, config);
            assertThat(r.outcome())
                    .as("%s × %s × %s: %s", shape, phase, fault, r.error())
                    .isEqualTo(expected(shape, phase, fault));
            if (shape == Shape.LMTP) {
                assertLmtpRecipients(server, r, perRecipient);
            } else {
                assertNeverFailedIfStored(server, r);
            }
        }
    }

    private static void arm(FailureCue cue, Phase phase, Fault fault) {
        switch (fault) {
            case TRANSIENT_REPLY -> cue.reply(
                    switch (phase) {
                        case GREETING, EHLO -> "421 4.3.2 closing";
                        case STARTTLS -> "454 4.7.0 TLS not available now";
                        case AUTH -> "454 4.7.0 temporary authentication failure";
                        case MESSAGE_DATA -> "451 4.3.0 cannot take it now";
                        default -> "451 4.3.0 try again";
                    });
            case PERMANENT_REPLY_THEN_CLOSE -> cue.replyThenDisconnect(
                    switch (phase) {
                        case GREETING -> "554 5.3.2 no service for you";
                        case AUTH -> "535 5.7.8 bad credentials";
                        case RCPT -> "550 5.1.1 no such user";
                        default -> "554 5.7.1 rejected";
                    });
            case RESET -> cue.reset();
            case EOF -> cue.disconnect();
            case SILENCE -> cue.silence();
            case CORRUPT_TLS_RECORD -> cue.corruptTlsRecord();
            case TLS_ALERT -> cue.sendTlsAlert();
        }
    }

    /** The outcome of the message the fault hit, and which messages were sent and how. */
    private record Result(
            Outcome outcome,
            RuntimeException error,
            List<String> subjects,
            List<Outcome> each,
            @Nullable SendResult result) {}

    private static final RuntimeException NONE = new RuntimeException("no error");

    private static byte[] message(String subject) {
        return ("Subject: " + subject + "\r\n\r\nThe body of " + subject + ".\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static Result send(Shape shape, SmtpConfig config) {
        List<String> to = shape == Shape.LMTP ? List.of(FIRST, SECOND) : List.of("rcpt@example.com");
        Envelope envelope = Envelope.of("app@example.com", to);
        if (shape.batch()) {
            List<OutgoingMessage> batch = new ArrayList<>();
            List<String> subjects = List.of("m0", "m1", "m2");
            for (String s : subjects) {
                batch.add(OutgoingMessage.of(envelope, message(s)));
            }
            List<SendOutcome> out;
            try (SmtpSession session = Smtp.start(config)) {
                out = session.sendMessages(batch);
            } catch (SmtpException setup) {
                return new Result(
                        classify(setup),
                        setup,
                        subjects,
                        List.of(classify(setup), Outcome.UNTRIED, Outcome.UNTRIED),
                        null);
            }
            List<Outcome> each = new ArrayList<>();
            for (int i = 0; i < subjects.size(); i++) {
                each.add(i < out.size() ? classify(out.get(i)) : Outcome.UNTRIED);
            }
            RuntimeException error = out.size() > 1 ? out.get(1).error().orElse(null) : null;
            return new Result(each.get(1), error == null ? NONE : error, subjects, each, null);
        }
        SendResult result = null;
        try (SmtpSession session = Smtp.start(config)) {
            byte[] content = message("m0");
            switch (shape) {
                case BDAT_STREAMED -> result = session.sendMessage(envelope, new ByteArrayInputStream(content));
                case MESSAGE_STREAM -> {
                    MessageOutputStream stream = session.openMessageStream(envelope);
                    try {
                        stream.write(content);
                    } catch (IOException e) {
                        throw (RuntimeException) e.getCause();
                    }
                    result = stream.commit();
                }
                default -> {
                    result = session.sendMessage(envelope, content);
                }
            }
            return new Result(Outcome.SENT, NONE, List.of("m0"), List.of(Outcome.SENT), result);
        } catch (SmtpException e) {
            return new Result(classify(e), e, List.of("m0"), List.of(classify(e)), null);
        }
    }

    private static Outcome classify(SendOutcome o) {
        return o.isSent() ? Outcome.SENT : classify(o.error().orElseThrow());
    }

    private static Outcome classify(RuntimeException e) {
        if (e instanceof SmtpDeliveryUncertainException) {
            return Outcome.UNCERTAIN;
        }
        return e instanceof SmtpException s && s.isTransient() ? Outcome.TRANSIENT : Outcome.PERMANENT;
    }

    /** Sent: stored once; uncertain: at most once; failed or untried: never. */
    private static void assertNeverFailedIfStored(SmtpTestServer server, Result r) {
        List<ReceivedMessage> stored = server.messages();
        for (int i = 0; i < r.subjects().size(); i++) {
            String subject = r.subjects().get(i);
            Outcome o = r.each().get(i);
            long copies =
                    stored.stream().filter(m -> subject.equals(m.subject())).count();
            switch (o) {
                case SENT -> assertThat(copies)
                        .as(subject + " sent: stored once")
                        .isEqualTo(1);
                case UNCERTAIN -> assertThat(copies)
                        .as(subject + " uncertain: stored at most once")
                        .isLessThanOrEqualTo(1);
                default -> assertThat(copies)
                        .as(subject + " " + o + ": never stored")
                        .isZero();
            }
        }
    }

    /**
     * Over LMTP each recipient is stored on its own: one reported delivered was stored once, one
     * reported refused never, one uncertain at most once; with the fault at the second
     * recipient's final reply, the first was delivered and says so.
     */
    private static void assertLmtpRecipients(SmtpTestServer server, Result r, boolean perRecipient) {
        List<ReceivedMessage> stored = server.messages();
        java.util.function.ToLongFunction<String> copies = rcpt ->
                stored.stream().filter(m -> m.recipients().contains(rcpt)).count();
        List<String> delivered = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> uncertain = new ArrayList<>();
        if (r.result() != null) {
            r.result().accepted().forEach(a -> delivered.add(a.recipient()));
            r.result().rejected().forEach(a -> refused.add(a.recipient()));
        } else if (r.error() instanceof SmtpDeliveryUncertainException u) {
            u.delivered().forEach(a -> delivered.add(a.recipient()));
            u.refused().forEach(a -> refused.add(a.recipient()));
            uncertain.addAll(u.uncertain());
        } else {
            refused.addAll(List.of(FIRST, SECOND));
        }
        if (perRecipient) {
            assertThat(delivered)
                    .as("the first recipient's delivery was confirmed")
                    .contains(FIRST);
        }
        for (String rcpt : delivered) {
            assertThat(copies.applyAsLong(rcpt))
                    .as(rcpt + " delivered: stored once")
                    .isEqualTo(1);
        }
        for (String rcpt : refused) {
            assertThat(copies.applyAsLong(rcpt))
                    .as(rcpt + " refused: never stored")
                    .isZero();
        }
        for (String rcpt : uncertain) {
            assertThat(copies.applyAsLong(rcpt))
                    .as(rcpt + " uncertain: at most once")
                    .isLessThanOrEqualTo(1);
        }
    }
}
