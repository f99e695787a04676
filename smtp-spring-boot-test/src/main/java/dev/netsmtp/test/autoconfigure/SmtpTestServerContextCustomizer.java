package dev.netsmtp.test.autoconfigure;

import dev.netsmtp.autoconfigure.SmtpConfigCustomizer;
import dev.netsmtp.test.SmtpTestServer;
import java.util.Map;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts a server for one test context, points {@code smtp.*} at it above every other property
 * source, registers it and a trust for its certificate as beans, and stops it with the context.
 * All instances are equal, so Spring's context cache shares a context (and its server) between
 * test classes that are otherwise configured alike.
 */
final class SmtpTestServerContextCustomizer implements ContextCustomizer {

    static final String PROPERTY_SOURCE = "smtpTestServer";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        SmtpTestServer server = SmtpTestServer.create().start();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        PROPERTY_SOURCE,
                        Map.of("smtp.host", server.host(), "smtp.port", server.port(), "smtp.hosts", "")));
        var beans = context.getBeanFactory();
        beans.registerSingleton("smtpTestServer", server);
        // Runs after the properties' own settings on each server's builder: the test server's
        // certificate is trusted whatever smtp.ssl.bundle says.
        beans.registerSingleton(
                "smtpTestServerTrust", (SmtpConfigCustomizer) builder -> builder.sslContext(server.clientSslContext()));
        context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> {
            if (event.getApplicationContext() == context) {
                server.close();
            }
        });
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SmtpTestServerContextCustomizer;
    }

    @Override
    public int hashCode() {
        return SmtpTestServerContextCustomizer.class.hashCode();
    }
}
