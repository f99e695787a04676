/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.bucket4j;

import dev.netsmtp.throttle.SendBudget;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link SendBudget} over a Bucket4j {@link Bucket}: each attempt takes one token, waiting for
 * it at most until the message's deadline (Bucket4j does not take a token it would have to wait
 * longer for). A bucket on a shared backend (Bucket4j's PostgreSQL, MySQL or Redis proxies) is a
 * rate the instances of an application share; a local one, a rate the templates of one JVM share.
 *
 * <pre>{@code
 * ProxyManager<Long> buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource).build();
 * Bucket relay = buckets.builder().build(1L, () -> BucketConfiguration.builder()
 *         .addLimit(limit -> limit.capacity(10).refillGreedy(150, Duration.ofSeconds(1)))
 *         .build());
 * SmtpTemplate template = SmtpTemplate.builder(pool).budget(Bucket4jSendBudget.of(relay)).build();
 * }</pre>
 */
public final class Bucket4jSendBudget implements SendBudget {

    private final Bucket bucket;

    private Bucket4jSendBudget(Bucket bucket) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /**
     * A budget over a bucket.
     *
     * @param bucket the bucket, local or a proxy on a shared backend
     * @return the budget
     */
    public static Bucket4jSendBudget of(Bucket bucket) {
        return new Bucket4jSendBudget(bucket);
    }

    @Override
    public boolean acquire(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return bucket.tryConsume(1);
        }
        return bucket.asBlocking().tryConsume(1, Duration.ofNanos(left));
    }

    @Override
    public String toString() {
        return "Bucket4jSendBudget[" + bucket.getClass().getSimpleName() + "]";
    }
}
