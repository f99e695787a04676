/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls that cannot be given a timeout of their own (the JDK's resolver, an application's token
 * supplier) run here, on daemon threads, within a bound: when the bound passes the caller goes
 * on and the call is interrupted and left behind. The threads are capped and so is the queue in
 * front of them, so calls that hang cannot pile up threads without end; past the cap a call is
 * refused at once.
 */
public final class BoundedCalls {

    /** DNS lookups: at most 16 at once, 256 waiting. */
    public static final BoundedCalls LOOKUPS = new BoundedCalls("netsmtp-dns", 16, 256);

    /** OAuth2 token suppliers: at most 4 at once, 64 waiting. */
    public static final BoundedCalls TOKENS = new BoundedCalls("netsmtp-token", 4, 64);

    private final ThreadPoolExecutor pool;
    private final String name;

    private BoundedCalls(String name, int threads, int queue) {
        this.name = name;
        AtomicInteger n = new AtomicInteger();
        this.pool =
                new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs a call within a bound.
     *
     * @param call what to run
     * @param timeoutNanos the bound
     * @param <T> the result
     * @return what the call returned
     * @throws TimeoutException when the bound passed first (the call is interrupted and left)
     * @throws ExecutionException what the call threw, as its cause
     * @throws InterruptedException when this thread was interrupted while it waited
     * @throws RejectedExecutionException when every thread is busy and the queue is full
     */
    public <T> T call(Callable<T> call, long timeoutNanos)
            throws TimeoutException, ExecutionException, InterruptedException {
        Future<T> f;
        try {
            f = pool.submit(call);
        } catch (RejectedExecutionException e) {
            throw new RejectedExecutionException(
                    "all " + pool.getMaximumPoolSize() + " " + name + " threads are busy and "
                            + pool.getQueue().size() + " calls wait: the calls before hang",
                    e);
        }
        try {
            return f.get(Math.max(1, timeoutNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            f.cancel(true);
            throw e;
        }
    }
}
