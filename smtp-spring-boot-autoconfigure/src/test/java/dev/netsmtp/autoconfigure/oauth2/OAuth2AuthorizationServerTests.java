/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netsmtp.Envelope;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpTokenException;
import dev.netsmtp.auth.TokenSource;
import dev.netsmtp.auth.oauth2.ClientAuthentication;
import dev.netsmtp.auth.oauth2.ClientCredentialsGrant;
import dev.netsmtp.auth.oauth2.RefreshTokenGrant;
import dev.netsmtp.auth.oauth2.RefreshTokenStore;
import dev.netsmtp.event.SmtpListener;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpSession;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.test.SmtpTestServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * OAuth2 logins against a real authorization server (Spring Authorization Server on 127.0.0.1,
 * two-second JWTs) and the kit's SMTP server checking each token against it: a Boot application
 * configured by properties only sends through many token lifetimes with one token request per
 * lifetime, not per connection; a revoked token is renewed once; a rotated refresh token is kept
 * and used after a restart; a hanging authorization server ends the send at its deadline naming
 * the token step; eight connections opening at once with an expired token make one request; and
 * no secret appears in anything captured.
 */
@Timeout(180)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.MethodName.class)
class OAuth2AuthorizationServerTests {

    private static AuthorizationServer as;
    private static SmtpTestServer smtp;
    private static Path trustStore;

    /** What every test captured besides the output: exceptions, transcripts, observations, meters. */
    private static final List<String> CAPTURED = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        as = AuthorizationServer.start();
        smtp = SmtpTestServer.builder().tokenCheck(as.tokenCheck()).start();
        trustStore = dir.resolve("kit-trust.p12");
        KeyStore trust = smtp.trustStore();
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        for (String alias : Collections.list(trust.aliases())) {
            p12.setCertificateEntry(alias, trust.getCertificate(alias));
        }
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            p12.store(out, "changeit".toCharArray());
        }
    }

    @AfterAll
    static void stop() {
        if (smtp != null) {
            smtp.close();
        }
        if (as != null) {
            as.close();
        }
    }

    /** The application: auto-configuration, and what the test watches (observations, the wire). */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ClientApp {

        @Bean
        ObservationHandler<Observation.Context> capturingObservations() {
            return new ObservationHandler<>() {
                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }

                @Override
                public void onStop(Observation.Context context) {
                    CAPTURED.add(context.getName() + " " + context.getContextualName() + " " + context.getAllKeyValues()
                            + " " + context.getError());
                }
            };
        }

        @Bean
        SmtpListener capturingWire() {
            return new SmtpListener() {
                @Override
                public void commandSent(String command) {
                    CAPTURED.add("C: " + command);
                }

                @Override
                public void replyReceived(dev.netsmtp.SmtpReply reply) {
                    CAPTURED.add("S: " + reply);
                }

                @Override
                public void notice(String text) {
                    CAPTURED.add("notice: " + text);
                }
            };
        }
    }

    /** A service the test owns, as a database would be: it outlives the applications. */
    @Configuration(proxyBeanMethods = false)
    static class SharedAuthorizedClients {

        static volatile OAuth2AuthorizedClientService service;

        @Bean
        OAuth2AuthorizedClientService authorizedClientService(ClientRegistrationRepository registrations) {
            if (service == null) {
                service = new InMemoryOAuth2AuthorizedClientService(registrations);
            }
            return service;
        }
    }

    private static ConfigurableApplicationContext app(String registrationId, String... more) {
        return app(new Class<?>[] {ClientApp.class}, registrationId, more);
    }

    private static ConfigurableApplicationContext app(Class<?>[] sources, String registrationId, String... more) {
        SpringApplication application = new SpringApplication(sources);
        application.setWebApplicationType(WebApplicationType.NONE);
        String provider = "--spring.security.oauth2.client.provider.local.";
        String registration = "--spring.security.oauth2.client.registration.";
        List<String> args = new ArrayList<>(List.of(
                "--spring.main.banner-mode=off",
                "--smtp.host=127.0.0.1",
                "--smtp.port=" + smtp.port(),
                "--smtp.tls.mode=starttls-required",
                "--smtp.ssl.bundle=kit",
                "--spring.ssl.bundle.jks.kit.truststore.location=file:" + trustStore,
                "--spring.ssl.bundle.jks.kit.truststore.password=changeit",
                "--spring.ssl.bundle.jks.kit.truststore.type=PKCS12",
                "--smtp.auth.username=app@example.com",
                "--smtp.auth.oauth2.registration-id=" + registrationId,
                "--smtp.transcript=true",
                "--logging.level.dev.netsmtp=DEBUG",
                "--smtp.pool.max-messages-per-session=3",
                provider + "token-uri=" + as.tokenUri(),
                provider + "authorization-uri=" + as.base() + "/oauth2/authorize",
                registration + "m365.provider=local",
                registration + "m365.client-id=" + AuthorizationServer.APP,
                registration + "m365.client-secret=" + AuthorizationServer.secret(AuthorizationServer.APP),
                registration + "m365.authorization-grant-type=client_credentials",
                registration + "m365.scope=smtp",
                registration + "m365-long.provider=local",
                registration + "m365-long.client-id=" + AuthorizationServer.LONG_APP,
                registration + "m365-long.client-secret=" + AuthorizationServer.secret(AuthorizationServer.LONG_APP),
                registration + "m365-long.authorization-grant-type=client_credentials",
                registration + "m365-long.scope=smtp",
                registration + "gmail.provider=local",
                registration + "gmail.client-id=" + AuthorizationServer.USER_APP,
                registration + "gmail.client-secret=" + AuthorizationServer.secret(AuthorizationServer.USER_APP),
                registration + "gmail.authorization-grant-type=authorization_code",
                registration + "gmail.redirect-uri=http://127.0.0.1/callback",
                registration + "gmail.scope=smtp"));
        // A later --key=value replaces an earlier one (Boot would join the two).
        java.util.Map<String, String> byKey = new java.util.LinkedHashMap<>();
        for (String arg : args) {
            byKey.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        for (String arg : more) {
            byKey.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        return application.run(byKey.values().toArray(String[]::new));
    }

    private static void captureMeters(ConfigurableApplicationContext context) {
        for (Meter meter : context.getBean(MeterRegistry.class).getMeters()) {
            CAPTURED.add(meter.getId().toString());
        }
    }

    private static byte[] message(String subject) {
        return ("Subject: " + subject + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static final Envelope ENVELOPE = Envelope.of("app@example.com", List.of("you@example.com"));

    @Test
    void aBootApplicationConfiguredByPropertiesSendsThroughManyTokenLifetimesWithOneRequestEach() throws Exception {
        int requestsBefore = as.tokenRequests();
        int acceptedBefore = as.accepted();
        List<String> subjects = Collections.synchronizedList(new ArrayList<>());
        Duration run = Duration.ofSeconds(7);
        try (ConfigurableApplicationContext context = app("m365", "--smtp.pool.max-total=4")) {
            SmtpTemplate template = context.getBean(SmtpTemplate.class);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                long end = System.nanoTime() + run.toNanos();
                AtomicInteger n = new AtomicInteger();
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    workers.add(threads.submit(() -> {
                        while (System.nanoTime() < end) {
                            String subject = "lifetimes " + n.incrementAndGet();
                            template.send(ENVELOPE, message(subject));
                            subjects.add(subject);
                            Thread.sleep(20);
                        }
                        return null;
                    }));
                }
                for (Future<?> w : workers) {
                    w.get(60, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            captureMeters(context);
        }
        for (String subject : subjects) {
            assertThat(smtp.messagesWithSubject(subject)).as(subject).hasSize(1);
        }
        int requests = as.tokenRequests() - requestsBefore;
        int logins = as.accepted() - acceptedBefore;
        // Seven seconds of two-second tokens: about four lifetimes, so about four requests.
        assertThat(requests).as("token requests").isBetween(3, 7);
        assertThat(logins).as("logins, one per connection").isGreaterThan(3 * requests);
        assertThat(subjects.size()).isGreaterThan(logins);
    }

    @Test
    void aTokenRevokedMidRunIsRefusedOnceRenewedAndTheMessageSentOnce() throws Exception {
        try (ConfigurableApplicationContext context =
                app("m365-long", "--smtp.pool.max-messages-per-session=1", "--smtp.pool.max-total=1")) {
            SmtpTemplate template = context.getBean(SmtpTemplate.class);
            template.send(ENVELOPE, message("before revocation"));
            TokenSource source = context.getBean(TokenSource.class);
            String current = source.token().value();
            int refusedBefore = as.refused();
            int requestsBefore = as.tokenRequests();
            as.revoke(AuthorizationServer.LONG_APP, current);
            template.send(ENVELOPE, message("after revocation"));
            template.send(ENVELOPE, message("after renewal"));
            assertThat(as.refused() - refusedBefore)
                    .as("the revoked token was refused once")
                    .isEqualTo(1);
            assertThat(as.tokenRequests() - requestsBefore).as("one new token").isEqualTo(1);
            assertThat(source.token().value()).isNotEqualTo(current);
            captureMeters(context);
        }
        for (String subject : List.of("before revocation", "after revocation", "after renewal")) {
            assertThat(smtp.messagesWithSubject(subject)).as(subject).hasSize(1);
        }
    }

    @Test
    void aRotatedRefreshTokenIsStoredAndUsedAfterARestart(@TempDir Path dir) throws Exception {
        String first = as.consent("app@example.com");
        Path file = dir.resolve("refresh-token");
        Files.writeString(file, first + "\n");
        RefreshTokenGrant.Builder grant = RefreshTokenGrant.builder(as.tokenUri())
                .clientId(AuthorizationServer.USER_APP)
                .clientSecret(AuthorizationServer.secret(AuthorizationServer.USER_APP))
                .clientAuthentication(ClientAuthentication.POST)
                .store(RefreshTokenStore.file(file));
        sendWith(grant.build(), "rotation 1");
        String second = Files.readString(file).strip();
        assertThat(second).isNotEqualTo(first).isNotBlank();

        // A restart: a new source over the same file refreshes with the rotated token.
        sendWith(grant.build(), "rotation 2");
        assertThat(Files.readString(file).strip()).isNotEqualTo(second);

        // The first refresh token was rotated away: the server refuses it, for good.
        TokenSource stale = RefreshTokenGrant.builder(as.tokenUri())
                .clientId(AuthorizationServer.USER_APP)
                .clientSecret(AuthorizationServer.secret(AuthorizationServer.USER_APP))
                .store(RefreshTokenStore.inMemory(first))
                .build();
        assertThatThrownBy(() -> sendWith(stale, "never"))
                .isInstanceOf(SmtpTokenException.class)
                .hasMessageContaining("invalid_grant")
                .hasMessageContaining(SmtpTokenException.STEP)
                .hasMessageNotContaining(first)
                .hasMessageNotContaining(AuthorizationServer.SECRET)
                .satisfies(e -> assertThat(((SmtpException) e).isTransient()).isFalse())
                .satisfies(e -> CAPTURED.add(String.valueOf(e)));
        assertThat(smtp.messagesWithSubject("rotation 1")).hasSize(1);
        assertThat(smtp.messagesWithSubject("rotation 2")).hasSize(1);
        assertThat(smtp.messagesWithSubject("never")).isEmpty();
    }

    @Test
    void springSecurityKeepsTheRotatedRefreshTokenAndARestartedApplicationUsesIt() throws Exception {
        String first = as.consent("ann@example.com");
        SharedAuthorizedClients.service = null;
        Class<?>[] sources = {ClientApp.class, SharedAuthorizedClients.class};
        String[] props = {
            "--smtp.auth.oauth2.principal-name=ann@example.com", "--smtp.auth.oauth2.refresh-token=" + first
        };
        try (ConfigurableApplicationContext context = app(sources, "gmail", props)) {
            context.getBean(SmtpTemplate.class).send(ENVELOPE, message("gmail 1"));
        }
        OAuth2AuthorizedClient kept = SharedAuthorizedClients.service.loadAuthorizedClient("gmail", "ann@example.com");
        String rotated = kept.getRefreshToken().getTokenValue();
        assertThat(rotated).isNotEqualTo(first);
        // The restarted application still has the first token in its properties: the kept one wins.
        try (ConfigurableApplicationContext context = app(sources, "gmail", props)) {
            context.getBean(SmtpTemplate.class).send(ENVELOPE, message("gmail 2"));
            captureMeters(context);
        }
        assertThat(smtp.messagesWithSubject("gmail 1")).hasSize(1);
        assertThat(smtp.messagesWithSubject("gmail 2")).hasSize(1);
        assertThat(SharedAuthorizedClients.service
                        .loadAuthorizedClient("gmail", "ann@example.com")
                        .getRefreshToken()
                        .getTokenValue())
                .isNotEqualTo(rotated);
    }

    @Test
    void aHangingAuthorizationServerEndsTheSendAtItsDeadlineNamingTheTokenStep() throws Exception {
        try (ConfigurableApplicationContext context = app(
                "m365-long", "--smtp.timeouts.send=2s", "--smtp.timeouts.read=1s", "--smtp.auth.oauth2.timeout=3s")) {
            SmtpTemplate template = context.getBean(SmtpTemplate.class);
            as.hang(true);
            long start = System.nanoTime();
            try {
                assertThatThrownBy(() -> template.send(ENVELOPE, message("hanging")))
                        .isInstanceOf(SmtpException.class)
                        .satisfies(e -> {
                            CAPTURED.add(String.valueOf(e));
                            StringBuilder chain = new StringBuilder();
                            for (Throwable t = e; t != null; t = t.getCause()) {
                                chain.append(t.getMessage()).append('\n');
                            }
                            assertThat(chain.toString()).contains(SmtpTokenException.STEP);
                        });
            } finally {
                as.hang(false);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
            captureMeters(context);
        }
        assertThat(smtp.messagesWithSubject("hanging")).isEmpty();
    }

    @Test
    void eightConnectionsOpeningAtOnceWithAnExpiredTokenMakeOneTokenRequest() throws Exception {
        try (ConfigurableApplicationContext context =
                app("m365", "--smtp.pool.max-total=8", "--smtp.pool.max-messages-per-session=1")) {
            SmtpTemplate template = context.getBean(SmtpTemplate.class);
            template.send(ENVELOPE, message("single-flight warm-up"));
            Thread.sleep(2300); // the two-second token has expired
            int before = as.tokenRequests();
            CyclicBarrier together = new CyclicBarrier(8);
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> sends = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String subject = "single-flight " + i;
                    sends.add(threads.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return template.send(ENVELOPE, message(subject));
                    }));
                }
                for (Future<?> f : sends) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(as.tokenRequests() - before).isEqualTo(1);
            captureMeters(context);
        }
        for (int i = 0; i < 8; i++) {
            assertThat(smtp.messagesWithSubject("single-flight " + i)).hasSize(1);
        }
    }

    @Test
    void theCoreClientCredentialsGrantLogsInAgainstTheSameServer() throws Exception {
        TokenSource tokens = ClientCredentialsGrant.builder(as.tokenUri())
                .clientId(AuthorizationServer.APP)
                .clientSecret(AuthorizationServer.secret(AuthorizationServer.APP))
                .scope("smtp")
                .build();
        sendWith(tokens, "core client credentials");
        assertThat(smtp.messagesWithSubject("core client credentials")).hasSize(1);
        TokenSource wrongSecret = ClientCredentialsGrant.builder(as.tokenUri())
                .clientId(AuthorizationServer.APP)
                .clientSecret(AuthorizationServer.SECRET + "-wrong")
                .build();
        assertThatThrownBy(() -> sendWith(wrongSecret, "never"))
                .isInstanceOf(SmtpTokenException.class)
                .hasMessageContaining("invalid_client")
                .hasMessageNotContaining(AuthorizationServer.SECRET)
                .satisfies(e -> assertThat(((SmtpException) e).isTransient()).isFalse())
                .satisfies(e -> CAPTURED.add(String.valueOf(e)));
    }

    private static void sendWith(TokenSource tokens, String subject) {
        try (SmtpSession session = Smtp.start(smtp.clientConfig()
                .oauth2("app@example.com", tokens)
                .transcript(line -> CAPTURED.add(line))
                .build())) {
            session.sendMessage(ENVELOPE, message(subject));
        }
    }

    /** Keeps each test's output (the logs, the DEBUG transcript) for the scan. */
    @AfterEach
    void keepOutput(CapturedOutput output) {
        CAPTURED.add(output.getAll());
    }

    /** Last, by the method order: scans what every test before it captured. */
    @Test
    void zzNoTokenOrSecretAppearsInAnyLogLineExceptionTranscriptMetricOrObservation() {
        String all = String.join("\n", CAPTURED);
        assertThat(all).contains("AUTH OAUTHBEARER", "smtp.client");
        assertThat(all).doesNotContain(AuthorizationServer.SECRET);
        for (String token : as.seenTokens()) {
            assertThat(all).as("an access token").doesNotContain(token);
        }
        assertThat(all).doesNotContain("rt-zq5-");
    }
}
