/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.outbox.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.IdempotencyKey;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.outbox.OutboxState;
import dev.netsmtp.outbox.SmtpOutbox;
import dev.netsmtp.outbox.autoconfigure.SmtpOutboxAutoConfiguration;
import dev.netsmtp.outbox.autoconfigure.SmtpOutboxProperties;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.testing.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.dao.DuplicateKeyException;

/**
 * The README's "Sending from transactions" section, run: its service ({@link Orders}, which the
 * README's block must match line for line) in a Boot application on PostgreSQL with the README's
 * properties; a placed order's mail is sent once, a failed one's never.
 */
@Timeout(120)
class ReadmeOutboxTests {

    private static final Path README = Path.of("..", "docs", "outbox.md");

    @Test
    void theReadmesServiceSendsACommittedOrdersMailAndNotAFailedOnes() throws Exception {
        try (PostgresCluster pg = PostgresCluster.start();
                SmtpTestServer server = SmtpTestServer.builder().starttls(false).start()) {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl())) {
                c.createStatement().execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, email TEXT NOT NULL)");
            }
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(
                            SslAutoConfiguration.class,
                            DataSourceAutoConfiguration.class,
                            DataSourceTransactionManagerAutoConfiguration.class,
                            TransactionAutoConfiguration.class,
                            JdbcTemplateAutoConfiguration.class,
                            SmtpAutoConfiguration.class,
                            SmtpOutboxAutoConfiguration.class))
                    .withUserConfiguration(Orders.class)
                    .withPropertyValues(
                            "spring.datasource.url=" + pg.jdbcUrl(),
                            "smtp.host=127.0.0.1",
                            "smtp.port=" + server.port(),
                            "smtp.tls.mode=none",
                            "smtp.outbox.initialize-schema=always",
                            "smtp.outbox.workers.polling-interval=100ms")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        Orders orders = context.getBean(Orders.class);
                        SmtpOutbox outbox = context.getBean(SmtpOutbox.class);
                        orders.place(1, "ann@example.net");
                        assertThatThrownBy(() -> orders.place(1, "bob@example.net"))
                                .as("the same order again: the insert fails after nothing, the mail rolls back")
                                .isInstanceOf(DuplicateKeyException.class);
                        server.awaitMessageWithSubject("Your order 1");
                        long deadline =
                                System.nanoTime() + Duration.ofSeconds(20).toNanos();
                        while (outbox.statistics().count(OutboxState.SENT) < 1 && System.nanoTime() < deadline) {
                            Thread.sleep(20);
                        }
                        assertThat(outbox.find(IdempotencyKey.of("order-1"))
                                        .orElseThrow()
                                        .state())
                                .isEqualTo(OutboxState.SENT);
                        Thread.sleep(300);
                        assertThat(server.messages()).singleElement().satisfies(m -> assertThat(m.recipients())
                                .containsExactly("ann@example.net"));
                    });
        }
    }

    @Test
    void theReadmesServiceBlockIsTheTestedService() throws Exception {
        String block = block("```java\nimport dev.netsmtp.Envelope;");
        String source = Files.readString(Path.of("src/test/java/dev/netsmtp/outbox/readme/Orders.java"))
                .replaceAll("\\s+", "");
        for (String line : block.split("\n")) {
            if (!line.isBlank()) {
                assertThat(source).as(line).contains(line.replaceAll("\\s+", ""));
            }
        }
    }

    @Test
    void theReadmesPropertiesBindAndEveryKeyIsTheOutboxs() throws Exception {
        String yaml = block("```yaml\nspring:\n  datasource:\n    url: jdbc:postgresql:");
        List<PropertySource<?>> sources =
                new YamlPropertySourceLoader().load("readme", new ByteArrayResource(yaml.getBytes()));
        Binder binder = new Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(sources));
        SmtpOutboxProperties p =
                binder.bind("smtp.outbox", SmtpOutboxProperties.class).get();
        assertThat(p.initializeSchema()).isEqualTo(SmtpOutboxProperties.SchemaInitialization.NEVER);
        assertThat(p.workers().threads()).isEqualTo(8);
        assertThat(p.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(p.health().maxWaitingAge()).isEqualTo(Duration.ofMinutes(15));
        List<String> keys = new ArrayList<>();
        for (PropertySource<?> s : sources) {
            for (String k : ((org.springframework.core.env.EnumerablePropertySource<?>) s).getPropertyNames()) {
                keys.add(k);
            }
        }
        String metadata = new String(
                getClass()
                        .getResourceAsStream("/META-INF/spring-configuration-metadata.json")
                        .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        for (String key : keys) {
            if (key.startsWith("smtp.outbox.")) {
                assertThat(metadata.toString()).as(key).contains("\"name\": \"" + key + "\"");
            }
        }
    }

    /** The README's block that starts with {@code start}, without its fences. */
    private static String block(String start) throws Exception {
        String readme = Files.readString(README);
        int at = readme.indexOf(start);
        assertThat(at).as("the README has a block starting %s", start).isNotNegative();
        int body = readme.indexOf('\n', at) + 1;
        return readme.substring(body, readme.indexOf("```", body));
    }
}
