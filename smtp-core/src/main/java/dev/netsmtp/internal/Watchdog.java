/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Ends blocking operations that Java cannot time out by itself (socket writes): one shared daemon
 * thread closes the socket of any {@link Guard} whose deadline passes while it is armed. As in
 * Okio's {@code AsyncTimeout} there is no thread per connection; unlike it, arming takes no lock
 * and wakes nobody: a guard is put in a concurrent set, and the watchdog looks at the set every
 * {@value #TICK_MILLIS} ms while anything is armed, so a bound is kept to within that tick. With
 * nothing armed the watchdog sleeps until the next arm, and its thread ends after a minute idle.
 * Thread-safe.
 */
public final class Watchdog {

    /** How often the armed guards are checked, and so how late a bound may end. */
    static final long TICK_MILLIS = 50;

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    private static final long IDLE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final Set<Guard> ARMED = ConcurrentHashMap.newKeySet();
    private static final Object START = new Object();

    /** True while the watchdog will look at the armed set again within a tick. */
    private static volatile boolean active;

    private static @Nullable Thread thread; // guarded by START

    private Watchdog() {}

    /** What the watchdog does when a guard's deadline passes: close a socket, never block. */
    @FunctionalInterface
    public interface Action {
        /** Ends the blocked operation; must not block and must not throw. */
        void timedOut();
    }

    /** One thing that can be armed, at most once at a time. Not for use by two threads at once. */
    public static final class Guard {
        private static final long DISARMED = 0;
        private static final long FIRED = -1;

        private final Action action;
        private volatile long deadlineNanos;
        /** DISARMED, FIRED, or the number of the arming in force (positive). */
        private final AtomicLong state = new AtomicLong(DISARMED);

        private long armings;

        /**
         * Creates a guard.
         *
         * @param action what to do when an armed deadline passes
         */
        public Guard(Action action) {
            this.action = action;
        }

        /**
         * Arms the guard until {@link #disarm()}.
         *
         * @param deadline the {@link System#nanoTime()} at which to act
         */
        public void arm(long deadline) {
            deadlineNanos = deadline; // written before the state, so whoever sees the state sees it
            state.set(++armings);
            ARMED.add(this);
            if (!active) {
                wake();
            }
        }

        /**
         * Disarms the guard.
         *
         * @return true when the deadline passed while armed, so the action runs or has run
         */
        public boolean disarm() {
            boolean fired = state.getAndSet(DISARMED) == FIRED;
            ARMED.remove(this);
            return fired;
        }

        /** Fires this arming if its deadline has passed and it is still the one in force. */
        private void fireIfDue(long now) {
            long arming = state.get();
            if (arming > 0 && now - deadlineNanos >= 0 && state.compareAndSet(arming, FIRED)) {
                ARMED.remove(this);
                try {
                    action.timedOut();
                } catch (RuntimeException ignored) {
                    // An action must not throw; if one does, the other guards still need watching.
                }
            }
        }
    }

    private static void wake() {
        synchronized (START) {
            Thread t = thread;
            if (t == null) {
                active = true;
                t = new Thread(Watchdog::watch, "netsmtp-watchdog");
                t.setDaemon(true);
                thread = t;
                t.start();
            } else {
                LockSupport.unpark(t);
            }
        }
    }

    private static void watch() {
        long idleSince = System.nanoTime();
        while (true) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (Guard g : ARMED) {
                // A compare-and-set on the arming's number: a guard disarmed and armed again
                // while the watchdog looked at it is never fired for the old deadline.
                g.fireIfDue(now);
            }
            if (!ARMED.isEmpty()) {
                idleSince = now;
                continue;
            }
            // Nothing armed: sleep until an arm wakes us. Set the flag first and look again, so an
            // arm that saw the flag still set is not missed (both sides write, then read).
            active = false;
            if (!ARMED.isEmpty()) {
                active = true;
                continue;
            }
            LockSupport.parkNanos(IDLE_EXIT_NANOS);
            if (ARMED.isEmpty() && System.nanoTime() - idleSince >= IDLE_EXIT_NANOS) {
                synchronized (START) {
                    if (ARMED.isEmpty()) {
                        thread = null;
                        return; // a later arm starts a new thread
                    }
                }
            }
            active = true;
            idleSince = System.nanoTime();
        }
    }
}
