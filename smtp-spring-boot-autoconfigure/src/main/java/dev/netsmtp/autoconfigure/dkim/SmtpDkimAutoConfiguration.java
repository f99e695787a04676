/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.dkim;

import dev.netsmtp.autoconfigure.InvalidSmtpPropertyException;
import dev.netsmtp.autoconfigure.SmtpAutoConfiguration;
import dev.netsmtp.autoconfigure.SmtpProperties;
import dev.netsmtp.dkim.Canonicalization;
import dev.netsmtp.dkim.DkimAlgorithm;
import dev.netsmtp.dkim.DkimKey;
import dev.netsmtp.dkim.DkimSigner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Collections;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * {@code smtp.dkim.*}: a {@link DkimSigner} from a domain, a selector and a PKCS#8 PEM key (a file,
 * a classpath resource, or a PEM SSL bundle), which every template the application's
 * {@code SmtpTemplates} makes signs with, and so the {@code JavaMailSender} bridge. An application
 * with several keys or domains defines its own {@code DkimSigner} bean instead.
 */
@AutoConfiguration(before = SmtpAutoConfiguration.class, after = SslAutoConfiguration.class)
@ConditionalOnProperty(prefix = "smtp.dkim", name = "domain")
@EnableConfigurationProperties(SmtpProperties.class)
public final class SmtpDkimAutoConfiguration {

    SmtpDkimAutoConfiguration() {}

    /**
     * The signer of {@code smtp.dkim.*}.
     *
     * @param properties the smtp.* properties
     * @param resources where smtp.dkim.private-key is read from
     * @param bundles the SSL bundles, for smtp.dkim.key-bundle
     * @return the signer
     */
    @Bean
    @ConditionalOnMissingBean
    DkimSigner smtpDkimSigner(SmtpProperties properties, ResourceLoader resources, ObjectProvider<SslBundles> bundles) {
        SmtpProperties.Dkim dkim = properties.dkim();
        String domain = String.valueOf(dkim.domain()).strip();
        String selector = dkim.selector();
        if (selector == null || selector.isBlank()) {
            throw new InvalidSmtpPropertyException(
                    "smtp.dkim.selector",
                    null,
                    "smtp.dkim.domain is set without a selector",
                    "set smtp.dkim.selector to the name of the DNS record SELECTOR._domainkey." + domain,
                    null);
        }
        DkimKey key;
        try {
            key = dkim.keyBundle() != null
                    ? DkimKey.of(domain, selector.strip(), fromBundle(dkim.keyBundle(), bundles.getIfAvailable()))
                    : DkimKey.fromPem(domain, selector.strip(), pem(dkim.privateKey(), resources));
        } catch (IllegalArgumentException e) {
            throw new InvalidSmtpPropertyException(
                    dkim.keyBundle() != null ? "smtp.dkim.key-bundle" : "smtp.dkim.private-key",
                    dkim.keyBundle() != null ? dkim.keyBundle() : dkim.privateKey(),
                    String.valueOf(e.getMessage()),
                    "give a PKCS#8 RSA (1024 to 4096 bits) or Ed25519 key",
                    null);
        }
        if (dkim.algorithm() != null) {
            DkimAlgorithm expected = DkimAlgorithm.of(dkim.algorithm())
                    .orElseThrow(() -> new InvalidSmtpPropertyException(
                            "smtp.dkim.algorithm",
                            dkim.algorithm(),
                            "unknown algorithm",
                            "use rsa-sha256 or ed25519-sha256, or leave it unset to take the key's",
                            null));
            try {
                key.expecting(expected);
            } catch (IllegalArgumentException e) {
                throw new InvalidSmtpPropertyException(
                        "smtp.dkim.algorithm",
                        dkim.algorithm(),
                        String.valueOf(e.getMessage()),
                        "make the two agree",
                        null);
            }
        }
        DkimSigner.Builder signer = DkimSigner.builder().key(key);
        if (!dkim.headers().isEmpty()) {
            signer.headers(dkim.headers());
        }
        String[] c = dkim.canonicalization().toLowerCase(Locale.ROOT).split("/", -1);
        try {
            signer.canonicalization(canonicalization(c[0]), canonicalization(c.length > 1 ? c[1] : "simple"));
        } catch (IllegalArgumentException e) {
            throw new InvalidSmtpPropertyException(
                    "smtp.dkim.canonicalization",
                    dkim.canonicalization(),
                    "not header/body canonicalizations",
                    "use relaxed/relaxed (the default), relaxed/simple, simple/relaxed or simple/simple",
                    null);
        }
        if (dkim.expiry() != null) {
            signer.expiry(dkim.expiry());
        }
        try {
            return signer.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidSmtpPropertyException(
                    "smtp.dkim.headers",
                    dkim.headers(),
                    String.valueOf(e.getMessage()),
                    "list From among the headers, or leave it unset for the default",
                    null);
        }
    }

    private static Canonicalization canonicalization(String name) {
        return Canonicalization.valueOf(name.strip().toUpperCase(Locale.ROOT));
    }

    private static String pem(@Nullable String location, ResourceLoader resources) {
        if (location == null || location.isBlank()) {
            throw new InvalidSmtpPropertyException(
                    "smtp.dkim.private-key",
                    null,
                    "smtp.dkim.domain is set without a key",
                    "set smtp.dkim.private-key (file:/path/key.pem or classpath:key.pem) or smtp.dkim.key-bundle",
                    null);
        }
        Resource resource = resources.getResource(location.strip());
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidSmtpPropertyException(
                    "smtp.dkim.private-key",
                    location,
                    "cannot read it: " + e.getMessage(),
                    "check the location (file:/path/key.pem or classpath:key.pem)",
                    e);
        }
    }

    private static PrivateKey fromBundle(String name, @Nullable SslBundles bundles) {
        if (bundles == null) {
            throw new IllegalArgumentException("no SSL bundles are configured");
        }
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new IllegalArgumentException(
                    "there is no SSL bundle '" + name + "'; known: " + bundles.getBundleNames());
        }
        KeyStore store = bundle.getStores().getKeyStore();
        if (store == null) {
            throw new IllegalArgumentException(
                    "the SSL bundle '" + name + "' has no private key (set its keystore " + "private-key)");
        }
        try {
            String password = bundle.getKey().getPassword();
            for (String alias : Collections.list(store.aliases())) {
                if (bundle.getKey().getAlias() != null
                        && !bundle.getKey().getAlias().equals(alias)) {
                    continue;
                }
                Key k = store.getKey(alias, password == null ? new char[0] : password.toCharArray());
                if (k instanceof PrivateKey pk) {
                    return pk;
                }
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("the SSL bundle '" + name + "' key cannot be read: "
                    + e.getClass().getSimpleName());
        }
        throw new IllegalArgumentException("the SSL bundle '" + name + "' has no private key");
    }
}
