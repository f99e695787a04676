/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.bucket4j;

import dev.netsmtp.Envelope;
import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.tls.TlsMode;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One instance of an application: a template over its own pool, its sends taken from the bucket
 * in PostgreSQL that every instance shares. Run in a JVM of its own by the test, and in the test's.
 */
public final class BudgetWorker {

    private BudgetWorker() {}

    /** The bucket every instance shares: {@code perSecond} sends a second, a burst of a tenth of it. */
    static Bucket sharedBucket(String jdbcUrl, double perSecond) {
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setURL(jdbcUrl);
        ProxyManager<Long> buckets =
                Bucket4jPostgreSQL.advisoryLockBasedBuilder(db).build();
        long rate = Math.round(perSecond);
        return buckets.builder().build(1L, () -> BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(Math.max(1, rate / 10)).refillGreedy(rate, Duration.ofSeconds(1)))
                .build());
    }

    static void send(int port, String jdbcUrl, double perSecond, String prefix, int count) {
        SmtpConfig config = SmtpConfig.builder()
                .host("127.0.0.1")
                .port(port)
                .tls(TlsMode.NONE)
                .build();
        try (PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                config, PoolConfig.builder().maxTotal(1).build())) {
            SmtpTemplate template = SmtpTemplate.builder(pool)
                    .budget(Bucket4jSendBudget.of(sharedBucket(jdbcUrl, perSecond)))
                    .retryPolicy(new RetryPolicy(20, Duration.ofMillis(20), 1, Duration.ofMillis(20)))
                    .sendTimeout(Duration.ofSeconds(60))
                    .build();
            Envelope envelope = Envelope.of("shop@example.com", "ann@example.net");
            for (int i = 0; i < count; i++) {
                template.send(
                        envelope, ("Subject: " + prefix + i + "\r\n\r\nhi\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /**
     * The other instance: {@code port jdbcUrl perSecond prefix count}.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        send(Integer.parseInt(args[0]), args[1], Double.parseDouble(args[2]), args[3], Integer.parseInt(args[4]));
    }
}
