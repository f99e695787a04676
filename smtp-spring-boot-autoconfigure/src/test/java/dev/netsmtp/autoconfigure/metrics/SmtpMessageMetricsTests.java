package dev.netsmtp.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.SmtpException;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.testing.Conversation;
import dev.netsmtp.testing.ScriptedSmtpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code smtp.messages} counts each message once by its final outcome, through a real context and
 * a scripted server; {@code smtp.attempts} counts the attempts; failures that never reached MAIL
 * are counted with {@code reply.class=none}.
 */
class SmtpMessageMetricsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class, SmtpAutoConfiguration.class, SmtpMetricsAutoConfiguration.class))
            .withPropertyValues("smtp.retry.initial-delay=1ms", "smtp.retry.max-delay=2ms");

    private static final String MESSAGE = "Subject: metrics\r\n\r\nhello\r\n";

    /** A registry the listener counts into, as Boot's metrics binding would do. */
    private static MeterRegistry boundRegistry(org.springframework.context.ApplicationContext context) {
        MeterRegistry registry = new SimpleMeterRegistry();
        context.getBean(SmtpMetricsListener.class).bindTo(registry);
        return registry;
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void a450RetriedThreeTimesIsOneFailedMessageAndThreeAttempts() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> c.refusesMail(3, "450 4.2.0 mailbox busy"))) {
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + server.port())
                    .run(context -> {
                        MeterRegistry registry = boundRegistry(context);
                        assertThatThrownBy(() -> context.getBean(SmtpTemplate.class)
                                        .send("a@b.example", List.of("x@y.example"), MESSAGE))
                                .isInstanceOf(SmtpException.class);
                        assertThat(count(registry, "smtp.messages", "outcome", "failed", "reply.class", "4xx"))
                                .isEqualTo(1);
                        assertThat(registry.find("smtp.messages").counters()).hasSize(1);
                        assertThat(count(registry, "smtp.attempts", "outcome", "failed", "retried", "true"))
                                .isEqualTo(2);
                        assertThat(count(registry, "smtp.attempts", "outcome", "failed", "retried", "false"))
                                .isEqualTo(1);
                    });
            server.verify();
        }
    }

    @Test
    void aServerThatIsDownStillCountsTheMessageAsFailedWithNoReply() {
        runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=1", "smtp.retry.max-attempts=2")
                .run(context -> {
                    MeterRegistry registry = boundRegistry(context);
                    assertThatThrownBy(() -> context.getBean(SmtpTemplate.class)
                                    .send("a@b.example", List.of("x@y.example"), MESSAGE))
                            .isInstanceOf(SmtpException.class);
                    assertThat(count(registry, "smtp.messages", "outcome", "failed", "reply.class", "none"))
                            .isEqualTo(1);
                    assertThat(count(registry, "smtp.attempts", "reply.class", "none", "retried", "true"))
                            .isEqualTo(1);
                });
    }

    @Test
    void aSentMessageCountsOnceWithItsAttemptAndItsTransactionTime() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Conversation::deliversOneMessage)) {
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + server.port())
                    .run(context -> {
                        MeterRegistry registry = boundRegistry(context);
                        context.getBean(SmtpTemplate.class).send("a@b.example", List.of("x@y.example"), MESSAGE);
                        assertThat(count(registry, "smtp.messages", "outcome", "sent", "reply.class", "2xx"))
                                .isEqualTo(1);
                        assertThat(count(registry, "smtp.attempts", "outcome", "sent"))
                                .isEqualTo(1);
                        assertThat(registry.find("smtp.send")
                                        .tags("outcome", "sent")
                                        .timer()
                                        .count())
                                .isEqualTo(1);
                    });
            server.verify();
        }
    }

    @Test
    void aPipelinedBatchTimesEachTransactionOnceWithItsOwnOutcome() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(PipelinedBatchOfThree::sentRefusedSent)) {
            runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=" + server.port())
                    .run(context -> {
                        MeterRegistry registry = boundRegistry(context);
                        context.getBean(SmtpTemplate.class).sendAll(PipelinedBatchOfThree.messages());
                        assertThat(registry.find("smtp.send")
                                        .tags("outcome", "sent")
                                        .timer()
                                        .count())
                                .isEqualTo(2);
                        assertThat(registry.find("smtp.send")
                                        .tags("outcome", "failed")
                                        .timer()
                                        .count())
                                .isEqualTo(1);
                        assertThat(count(registry, "smtp.messages", "outcome", "sent"))
                                .isEqualTo(2);
                        assertThat(count(registry, "smtp.messages", "outcome", "failed", "reply.class", "5xx"))
                                .isEqualTo(1);
                    });
            server.verify();
        }
    }
}
