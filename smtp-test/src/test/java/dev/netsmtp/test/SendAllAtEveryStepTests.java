/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.template.SmtpTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sendAll} of a pipelined batch with the server failing once at every step of a session
 * (greeting, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, the final reply, in every way it can: a
 * transient reply, a hang-up, silence, a delivery and then a hang-up), over DATA and over BDAT.
 * Whatever happens, nothing is lost and nothing is sent twice: a message reported sent was
 * stored exactly once, an uncertain one at most once, a failed one never; and with one failure and
 * three attempts, every message that is not uncertain is sent.
 */
@Timeout(120)
class SendAllAtEveryStepTests {

    private static final int MESSAGES = 6;

    private record Failure(String name, Consumer<FailureCue> arm) {}

    private static List<Failure> failuresAt(Step step) {
        List<Failure> f = new ArrayList<>();
        String transient_ =
                switch (step) {
                    case GREETING, EHLO, STARTTLS -> "421 4.3.2 closing";
                    case AUTH -> "454 4.7.0 temporary authentication failure";
                    default -> "451 4.3.0 try again";
                };
        f.add(new Failure(transient_.substring(0, 3), cue -> cue.reply(transient_)));
        f.add(new Failure("hang-up", FailureCue::disconnect));
        f.add(new Failure("silence", FailureCue::silence));
        if (step == Step.END_OF_DATA) {
            f.add(new Failure("delivered then hang-up", FailureCue::deliverThenDisconnect));
        }
        return f;
    }

    /**
     * Where a lost reply may follow a delivery: the final reply; and with BDAT, whose chunk goes
     * with the envelope, MAIL and RCPT too.
     */
    private static boolean uncertainMayBe(boolean chunking, Step step) {
        return step == Step.END_OF_DATA || (chunking && (step == Step.MAIL || step == Step.RCPT));
    }

    @TestFactory
    Stream<DynamicTest> nothingIsLostAndNothingIsSentTwice() {
        List<DynamicTest> tests = new ArrayList<>();
        for (boolean chunking : List.of(false, true)) {
            for (Step step : List.of(
                    Step.GREETING,
                    Step.EHLO,
                    Step.STARTTLS,
                    Step.AUTH,
                    Step.MAIL,
                    Step.RCPT,
                    Step.DATA,
                    Step.END_OF_DATA)) {
                if (chunking && step == Step.DATA) {
                    continue; // BDAT has no DATA command
                }
                for (Failure failure : failuresAt(step)) {
                    tests.add(DynamicTest.dynamicTest(
                            (chunking ? "BDAT" : "DATA") + ", " + step + ": " + failure.name(),
                            () -> run(chunking, step, failure)));
                }
            }
        }
        return tests.stream();
    }

    private static void run(boolean chunking, Step step, Failure failure) {
        try (SmtpTestServer server =
                SmtpTestServer.builder().user("alice", "alice-pw").start()) {
            // The first time the step comes: the first connection, or the first message's transaction.
            failure.arm().accept(server.failAt(step));
            List<OutgoingMessage> batch = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                batch.add(OutgoingMessage.of(
                        Envelope.of("app@example.com", List.of("rcpt" + i + "@example.com")),
                        ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            }
            Duration short_ = Duration.ofMillis(500);
            List<SendOutcome> out;
            java.util.concurrent.atomic.AtomicInteger failedAttempts = new java.util.concurrent.atomic.AtomicInteger();
            try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                    server.clientConfig()
                            .auth("alice", "alice-pw")
                            .chunking(chunking)
                            .readTimeout(short_)
                            .finalReplyTimeout(short_)
                            .build(),
                    PoolConfig.builder().maxTotal(1).build())) {
                out = SmtpTemplate.builder(pool)
                        .sleeper(d -> {})
                        .listener(new dev.netsmtp.event.SmtpListener() {
                            @Override
                            public void attemptFailed(
                                    Envelope envelope, int attempt, RuntimeException error, boolean retrying) {
                                failedAttempts.incrementAndGet();
                            }
                        })
                        .build()
                        .sendAll(batch);
            }
            assertThat(out).hasSize(MESSAGES);
            List<ReceivedMessage> stored = server.messages();
            for (int i = 0; i < MESSAGES; i++) {
                String subject = "m" + i;
                long copies =
                        stored.stream().filter(m -> subject.equals(m.subject())).count();
                SendOutcome o = out.get(i);
                if (o.isSent()) {
                    assertThat(copies).as("%s sent: stored once", subject).isEqualTo(1);
                } else if (o.isUncertain()) {
                    assertThat(copies)
                            .as("%s uncertain: stored at most once", subject)
                            .isLessThanOrEqualTo(1);
                } else {
                    throw new AssertionError(subject + " failed with one failure and three attempts: "
                            + o.error().orElseThrow());
                }
            }
            assertThat(failedAttempts).as("the failure on cue happened").hasValue(1);
            assertThat(out.stream().filter(SendOutcome::isUncertain).count())
                    .as("only a lost final reply is uncertain")
                    .isLessThanOrEqualTo(uncertainMayBe(chunking, step) ? 1 : 0);
        }
    }
}
