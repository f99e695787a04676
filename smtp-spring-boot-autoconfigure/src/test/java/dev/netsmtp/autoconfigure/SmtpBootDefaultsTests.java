/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.netsmtp.Envelope;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.template.SmtpCallback;
import dev.netsmtp.template.SmtpOperations;
import dev.netsmtp.template.SmtpTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.configurationprocessor.json.JSONArray;
import org.springframework.boot.configurationprocessor.json.JSONObject;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Boot layer's documented defaults, through the auto-configurations as the starter's import
 * file lists them (the order a real application sees, not one chosen by the test).
 */
class SmtpBootDefaultsTests {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static Class<?>[] ourAutoConfigurations() {
        List<Class<?>> ours = new ArrayList<>();
        for (String name :
                ImportCandidates.load(AutoConfiguration.class, SmtpBootDefaultsTests.class.getClassLoader())) {
            if (name.startsWith("dev.netsmtp.")) {
                try {
                    ours.add(Class.forName(name));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("the import file names a missing class: " + name, e);
                }
            }
        }
        assertThat(ours).isNotEmpty();
        return ours.toArray(Class<?>[]::new);
    }

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ourAutoConfigurations()));

    private static String message(String subject) {
        return "From: app@example.com\r\nTo: user@example.com\r\nSubject: " + subject + "\r\n\r\nhello\r\n";
    }

    @Test
    void thePoolGaugesAreRegisteredFromTheImportFile() {
        runner.withPropertyValues(
                        "smtp.host=127.0.0.1",
                        "smtp.port=" + greenMail.getSmtp().getPort())
                .run(context -> {
                    MeterRegistry registry = new SimpleMeterRegistry();
                    context.getBeansOfType(MeterBinder.class).values().forEach(b -> b.bindTo(registry));
                    assertThat(registry.find("smtp.client.connection.count")
                                    .tag("state", "used")
                                    .gauge())
                            .isNotNull();
                    assertThat(registry.find("smtp.client.connection.count")
                                    .tag("state", "idle")
                                    .gauge())
                            .isNotNull();
                    assertThat(registry.find("smtp.client.connection.max").gauge())
                            .isNotNull();
                    assertThat(registry.find("smtp.client.connection.pending_requests")
                                    .gauge())
                            .isNotNull();
                });
    }

    @Test
    void maxIdleFollowsMaxTotalUnlessSet() {
        runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.pool.max-total=16")
                .run(context -> assertThat(context.getBean(PooledSmtpSessionFactory.class)
                                .poolConfig()
                                .maxIdle())
                        .isEqualTo(16));
        runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.pool.max-total=16", "smtp.pool.max-idle=4")
                .run(context -> assertThat(context.getBean(PooledSmtpSessionFactory.class)
                                .poolConfig()
                                .maxIdle())
                        .isEqualTo(4));
    }

    @Test
    void failoverHostsWithoutAPortInheritSmtpPort() {
        runner.withPropertyValues("smtp.port=" + greenMail.getSmtp().getPort(), "smtp.hosts[0]=127.0.0.1")
                .run(context -> {
                    SendResult r = context.getBean(SmtpTemplate.class)
                            .send("app@example.com", List.of("user@example.com"), message("inherited port"));
                    assertThat(r.reply().code()).isEqualTo(250);
                });
    }

    /** Issue 25: smtp.tls.mode unset is TLS required off loopback, opportunistic on it; a value set wins. */
    @Test
    void anUnsetTlsModeRequiresTlsOffLoopback() {
        java.util.Map<String, dev.netsmtp.tls.TlsMode> seen = new java.util.concurrent.ConcurrentHashMap<>();
        SmtpConfigCustomizer capture = b -> {
            dev.netsmtp.session.SmtpConfig c = b.build();
            seen.put(c.host(), c.tls().mode());
        };
        runner.withPropertyValues("smtp.host=smtp.example.com")
                .withBean(SmtpConfigCustomizer.class, () -> capture)
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("smtp.host=localhost")
                .withBean(SmtpConfigCustomizer.class, () -> capture)
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("smtp.host=relay.example.net", "smtp.tls.mode=none")
                .withBean(SmtpConfigCustomizer.class, () -> capture)
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(seen)
                .containsEntry("smtp.example.com", dev.netsmtp.tls.TlsMode.STARTTLS_REQUIRED)
                .containsEntry("localhost", dev.netsmtp.tls.TlsMode.STARTTLS)
                .containsEntry("relay.example.net", dev.netsmtp.tls.TlsMode.NONE);
    }

    @Test
    void aCustomizerRunsOnEachServersFinalBuilderAndWins() {
        runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.port=1")
                .withBean(
                        SmtpConfigCustomizer.class,
                        () -> b -> b.port(greenMail.getSmtp().getPort()))
                .run(context -> {
                    SendResult r = context.getBean(SmtpTemplate.class)
                            .send("app@example.com", List.of("user@example.com"), message("customized port"));
                    assertThat(r.reply().code()).isEqualTo(250);
                });
    }

    @Test
    void theTemplateBacksOffForAnySmtpOperationsBean() {
        runner.withPropertyValues("smtp.host=127.0.0.1")
                .withUserConfiguration(FakeMail.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBeans(SmtpOperations.class).containsOnlyKeys("fakeSmtp");
                    assertThat(context).doesNotHaveBean(SmtpTemplate.class);
                });
    }

    @Test
    void boundPropertiesAreImmutableAndNeverShowTheSecrets() {
        SmtpProperties bound = new org.springframework.boot.context.properties.bind.Binder(
                        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
                                java.util.Map.of(
                                        "smtp.host", "mail.example.com",
                                        "smtp.auth.username", "app",
                                        "smtp.auth.password", "pa55-secret",
                                        "smtp.auth.oauth2-token", "ya29.token-secret",
                                        "smtp.hosts[0]", "backup.example.com:587")))
                .bindOrCreate("smtp", SmtpProperties.class);
        assertThat(bound.auth().password()).isEqualTo("pa55-secret");
        assertThat(bound.toString())
                .contains("mail.example.com", "username=app", "password=***", "oauth2Token=***")
                .doesNotContain("pa55-secret", "token-secret");
        assertThatThrownBy(() -> bound.hosts().add("another:25")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void everyPropertyHasADescriptionAndTheMechanismHintsAreComplete() throws Exception {
        String json;
        // This module's own metadata, not the test fixture of another library's keys.
        java.net.URL own = new java.net.URL(
                SmtpProperties.class.getProtectionDomain().getCodeSource().getLocation(),
                "META-INF/spring-configuration-metadata.json");
        try (InputStream in = own.openStream()) {
            assertThat(in).as("the generated metadata").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        // The configuration processor's own JSON reader: it wrote the file.
        JSONObject metadata = new JSONObject(json);
        JSONArray properties = metadata.getJSONArray("properties");
        assertThat(properties.length()).isPositive();
        List<String> names = new ArrayList<>();
        // The defaults as the binder makes them from no settings at all: the record's @DefaultValues.
        SmtpProperties defaults = new org.springframework.boot.context.properties.bind.Binder(
                        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource())
                .bindOrCreate("smtp", SmtpProperties.class);
        for (int i = 0; i < properties.length(); i++) {
            JSONObject p = properties.getJSONObject(i);
            String name = p.getString("name");
            names.add(name);
            assertThat(p.optString("description", ""))
                    .as("description of " + name)
                    .isNotBlank();
            if (name.startsWith("smtp.")) {
                Object value = component(defaults, camel(name.substring(5)));
                boolean hasDefault = value != null && !(value instanceof java.util.Collection<?> c && c.isEmpty());
                assertThat(p.has("defaultValue"))
                        .as("the metadata states the default of " + name + " (" + value + ")")
                        .isEqualTo(hasDefault);
            }
        }
        assertThat(names).contains("smtp.timeouts.write", "smtp.timeouts.final-reply", "smtp.pool.max-idle");
        JSONArray hints = metadata.getJSONArray("hints");
        String mechanismValues = null;
        for (int i = 0; i < hints.length(); i++) {
            if ("smtp.auth.mechanism".equals(hints.getJSONObject(i).getString("name"))) {
                mechanismValues = hints.getJSONObject(i).getJSONArray("values").toString();
            }
        }
        assertThat(mechanismValues)
                .contains(
                        "scram-sha-256",
                        "scram-sha-256-plus",
                        "scram-sha-1",
                        "scram-sha-1-plus",
                        "plain",
                        "login",
                        "cram-md5",
                        "xoauth2",
                        "oauthbearer");
    }

    /** The value at a dotted path of record components, {@code timeouts.finalReply} say. */
    private static Object component(Object root, String path) {
        Object value = root;
        for (String part : path.split("\\.")) {
            try {
                value = value.getClass().getMethod(part).invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("no component " + part + " in " + value.getClass(), e);
            }
            if (value == null) {
                return null;
            }
        }
        return value;
    }

    private static String camel(String dashed) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : dashed.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    @Test
    void withoutSmtpHostTheStartupReportSaysToSetIt() {
        runner.withUserConfiguration(NeedsMail.class).run(context -> {
            assertThat(context).hasFailed();
            var analysis = new MissingSmtpBeanFailureAnalyzer(
                            null, new org.springframework.core.env.StandardEnvironment())
                    .analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("smtp.host");
            assertThat(analysis.getAction()).contains("smtp.host", "smtp.hosts");
        });
    }

    @Test
    void anUnknownSmtpKeyIsWarnedAboutWithTheClosestKnownOne() {
        runner.withPropertyValues(
                        "smtp.host=127.0.0.1",
                        "smtp.tls.modee=starttls",
                        "smtp.hosts[0]=backup.example",
                        "smtp.pool.max-idle=2")
                .run(context -> {
                    List<String> warnings =
                            context.getBean(UnknownSmtpProperties.class).warnings();
                    assertThat(warnings).hasSize(1);
                    assertThat(warnings.get(0)).contains("'smtp.tls.modee'", "Did you mean 'smtp.tls.mode'");
                });
    }

    @Test
    void theKnownKeysComeFromTheGeneratedMetadataAndCoverEveryProperty() {
        // Read without reflection (a native image keeps the metadata through SmtpRuntimeHints);
        // checked here against the records themselves, so no property is ever warned about.
        java.util.Set<String> fromRecords = new java.util.TreeSet<>();
        keys("smtp", SmtpProperties.class, fromRecords);
        assertThat(fromRecords).contains("smtp.host", "smtp.tls.mode", "smtp.pool.close-timeout");
        assertThat(UnknownSmtpProperties.known()).containsAll(fromRecords);
        assertThat(new SmtpRuntimeHints()).satisfies(h -> {
            org.springframework.aot.hint.RuntimeHints hints = new org.springframework.aot.hint.RuntimeHints();
            h.registerHints(hints, getClass().getClassLoader());
            assertThat(org.springframework.aot.hint.predicate.RuntimeHintsPredicates.resource()
                            .forResource(UnknownSmtpProperties.METADATA))
                    .accepts(hints);
        });
    }

    @Test
    void anotherLibrarysDocumentedSmtpKeyIsNotWarnedAbout() {
        // src/test/resources/META-INF/spring-configuration-metadata.json documents smtp.relay.audit,
        // as a library sharing the prefix would.
        runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.relay.audit=true", "smtp.relay.audti=true")
                .run(context -> assertThat(
                                context.getBean(UnknownSmtpProperties.class).warnings())
                        .singleElement()
                        .asString()
                        .contains("'smtp.relay.audti'", "netsmtp ignores it"));
    }

    private static void keys(String prefix, Class<?> type, java.util.Set<String> out) {
        for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
            String name = prefix + "." + dashed(c.getName());
            if (c.getType().getDeclaringClass() == SmtpProperties.class) {
                keys(name, c.getType(), out);
            } else {
                out.add(name);
            }
        }
    }

    private static String dashed(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                sb.append('-').append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    @Test
    void theCloseTimeoutIsAProperty() {
        runner.withPropertyValues("smtp.host=127.0.0.1", "smtp.pool.close-timeout=3s")
                .run(context -> assertThat(context.getBean(PooledSmtpSessionFactory.class)
                                .poolConfig()
                                .closeTimeout())
                        .isEqualTo(java.time.Duration.ofSeconds(3)));
    }

    @Test
    void scramIsChosenByProperty() throws Exception {
        try (dev.netsmtp.testing.ScriptedSmtpServer server = dev.netsmtp.testing.ScriptedSmtpServer.start(c -> {
            c.greetAndEhlo("AUTH PLAIN LOGIN SCRAM-SHA-1 SCRAM-SHA-256");
            c.expect("AUTH SCRAM-SHA-1 ");
            c.reply("535 5.7.8 not this time");
        })) {
            runner.withPropertyValues(
                            "smtp.host=127.0.0.1",
                            "smtp.port=" + server.port(),
                            "smtp.tls.mode=starttls",
                            "smtp.auth.allow-without-tls=true",
                            "smtp.auth.username=app",
                            "smtp.auth.password=secret",
                            "smtp.auth.mechanism=scram-sha-1",
                            "smtp.retry.max-attempts=1")
                    .run(context -> assertThatThrownBy(() -> context.getBean(SmtpTemplate.class)
                                    .send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n"))
                            .isInstanceOf(dev.netsmtp.SmtpAuthenticationException.class));
            server.verify();
        }
    }

    @Test
    void theCoresAdviceNamesBootProperties() throws Exception {
        // A server without STARTTLS, credentials and opportunistic TLS: the refusal to send the
        // password in clear text says what to set, as a Boot user sets it.
        try (dev.netsmtp.testing.ScriptedSmtpServer server =
                dev.netsmtp.testing.ScriptedSmtpServer.start(c -> c.greetAndEhlo("AUTH PLAIN"))) {
            runner.withPropertyValues(
                            "smtp.host=127.0.0.1",
                            "smtp.port=" + server.port(),
                            "smtp.tls.mode=starttls",
                            "smtp.auth.username=app",
                            "smtp.auth.password=secret",
                            "smtp.retry.max-attempts=1")
                    .run(context -> assertThatThrownBy(() -> context.getBean(SmtpTemplate.class)
                                    .send("a@b.example", List.of("x@y.example"), "Subject: t\r\n\r\nhi\r\n"))
                            .hasMessageContaining("smtp.tls.mode=starttls-required")
                            .hasMessageContaining("smtp.tls.mode=implicit")
                            .hasMessageContaining("smtp.auth.allow-without-tls=true")
                            .hasMessageNotContaining("allowAuthWithoutTls"));
            server.verify();
        }
    }

    @Test
    void everySettingTheCoreAdvisesIsNamedAsADocumentedProperty() {
        java.util.Set<String> known = UnknownSmtpProperties.known();
        for (dev.netsmtp.session.SettingNames.Setting setting : dev.netsmtp.session.SettingNames.Setting.values()) {
            String value = setting == dev.netsmtp.session.SettingNames.Setting.TLS_MODE ? "STARTTLS_REQUIRED" : "true";
            String named = SmtpPropertiesMapper.PROPERTY_NAMES.name(setting, value);
            String key = named.split("[= ]", 2)[0];
            assertThat(known).as(setting + " -> " + named).contains(key);
            assertThat(named).as(setting.name()).doesNotContain("(TlsMode", "Tls(", "Certificate(", "Hostname(");
        }
        assertThat(SmtpPropertiesMapper.PROPERTY_NAMES.name(
                        dev.netsmtp.session.SettingNames.Setting.TLS_MODE, "STARTTLS_REQUIRED"))
                .isEqualTo("smtp.tls.mode=starttls-required");
    }

    /** A service that sends mail, as an application has. */
    @Configuration(proxyBeanMethods = false)
    static class NeedsMail {
        @Bean
        String mailService(SmtpTemplate template) {
            return "uses " + template;
        }
    }

    /** What the README tells an application's tests to define. */
    @Configuration(proxyBeanMethods = false)
    static class FakeMail {
        @Bean
        SmtpOperations fakeSmtp() {
            return new RecordingOperations();
        }
    }

    /** A fake that records what would have been sent. */
    static final class RecordingOperations implements SmtpOperations {
        final List<Envelope> sent = new ArrayList<>();

        @Override
        public SendResult send(String from, Collection<String> to, byte[] message) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public SendResult send(String from, Collection<String> to, String message) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public SendResult send(String from, Collection<String> to, InputStream message) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public SendResult send(Envelope envelope, byte[] message) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public SendResult send(Envelope envelope, InputStream message) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public SendResult send(Envelope envelope, MessageWriter writer) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public <T> T execute(SmtpCallback<T> callback) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public List<SendOutcome> sendAll(List<OutgoingMessage> messages) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public List<SendOutcome> sendAll(List<OutgoingMessage> messages, Executor executor) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public CompletableFuture<SendResult> sendAsync(OutgoingMessage message, Executor executor) {
            throw new UnsupportedOperationException("not needed here");
        }
    }
}
