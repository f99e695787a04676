package dev.netsmtp.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Ends blocking operations that Java cannot time out by itself (socket writes): one shared daemon
 * thread, started when first needed and gone after a minute with nothing armed, closes the socket
 * of any {@link Guard} whose deadline passes while it is armed. The model is Okio's
 * {@code AsyncTimeout}: no thread per connection, and arming costs a lock and a walk of a list
 * as long as the number of writes in progress at that moment. Thread-safe.
 */
public final class Watchdog {

    private static final long IDLE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Condition CHANGED = LOCK.newCondition();

    /** Armed guards, soonest deadline first; guarded by {@link #LOCK}. */
    private static @Nullable Guard head;

    private static boolean running;

    /** When a guard was last armed, for the idle exit; guarded by {@link #LOCK}. */
    private static long lastArmed;

    private Watchdog() {}

    /** What the watchdog does when a guard's deadline passes: close a socket, never block. */
    @FunctionalInterface
    public interface Action {
        /** Ends the blocked operation; must not block and must not throw. */
        void timedOut();
    }

    /**
     * One thing that can be armed, at most once at a time. Not for use by two threads at once.
     */
    public static final class Guard {
        private final Action action;
        private long deadlineNanos;
        private boolean armed;
        private boolean fired;
        private @Nullable Guard next;

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
            LOCK.lock();
            try {
                if (armed) {
                    throw new IllegalStateException("guard is already armed");
                }
                armed = true;
                fired = false;
                deadlineNanos = deadline;
                insert(this);
            } finally {
                LOCK.unlock();
            }
        }

        /**
         * Disarms the guard.
         *
         * @return true when the deadline passed while armed, so the action ran
         */
        public boolean disarm() {
            LOCK.lock();
            try {
                if (armed) {
                    armed = false;
                    remove(this);
                }
                return fired;
            } finally {
                LOCK.unlock();
            }
        }
    }

    private static void insert(Guard g) {
        lastArmed = System.nanoTime();
        if (!running) {
            running = true;
            Thread t = new Thread(Watchdog::watch, "netsmtp-watchdog");
            t.setDaemon(true);
            t.start();
        }
        if (head == null || g.deadlineNanos - head.deadlineNanos < 0) {
            g.next = head;
            head = g;
            CHANGED.signal(); // the watchdog sleeps until the old head's deadline: wake it
            return;
        }
        Guard prev = head;
        while (prev.next != null && prev.next.deadlineNanos - g.deadlineNanos <= 0) {
            prev = prev.next;
        }
        g.next = prev.next;
        prev.next = g;
    }

    private static void remove(Guard g) {
        if (head == g) {
            head = g.next;
        } else {
            for (Guard p = head; p != null; p = p.next) {
                if (p.next == g) {
                    p.next = g.next;
                    break;
                }
            }
        }
        g.next = null;
    }

    private static void watch() {
        while (true) {
            Guard due = null;
            LOCK.lock();
            try {
                Guard h = head;
                long now = System.nanoTime();
                if (h == null) {
                    if (now - lastArmed >= IDLE_EXIT_NANOS) {
                        running = false;
                        return;
                    }
                    CHANGED.awaitNanos(IDLE_EXIT_NANOS - (now - lastArmed));
                    continue;
                }
                long wait = h.deadlineNanos - now;
                if (wait > 0) {
                    CHANGED.awaitNanos(wait);
                    continue;
                }
                head = h.next;
                h.next = null;
                h.armed = false;
                h.fired = true;
                due = h;
            } catch (InterruptedException e) {
                // Nobody interrupts this thread but the JVM's shutdown; keep watching until then.
                continue;
            } finally {
                LOCK.unlock();
            }
            try {
                due.action.timedOut();
            } catch (RuntimeException ignored) {
                // An action must not throw; if one does, the other guards still need watching.
            }
        }
    }
}
