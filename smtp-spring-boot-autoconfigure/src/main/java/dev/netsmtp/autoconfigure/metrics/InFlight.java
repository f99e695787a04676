package dev.netsmtp.autoconfigure.metrics;

import dev.netsmtp.Envelope;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * What one thread has under way, by envelope: a pipelined batch starts the next message before
 * the previous one ends, so one slot per thread would give one message's end to the other.
 * Matched by identity, oldest first, so the same envelope twice in a row still pairs in order.
 * Holds at most {@value #MOST}: a transaction that never hears its end (a message stream
 * aborted, which reports no outcome) is dropped, oldest first, rather than kept for the life of
 * the thread; a pipelined batch has two under way. Not thread-safe: one per thread.
 *
 * @param <T> what is kept for each
 */
final class InFlight<T> {

    private record Entry<T>(Envelope envelope, T value) {}

    static final int MOST = 4;

    private final Deque<Entry<T>> entries = new ArrayDeque<>(MOST);

    void add(Envelope envelope, T value) {
        if (entries.size() == MOST) {
            entries.removeFirst();
        }
        entries.addLast(new Entry<>(envelope, value));
    }

    /** The oldest value kept for this envelope, removed; null when none is. */
    @Nullable
    T remove(Envelope envelope) {
        for (Iterator<Entry<T>> it = entries.iterator(); it.hasNext(); ) {
            Entry<T> e = it.next();
            if (e.envelope() == envelope) {
                it.remove();
                return e.value();
            }
        }
        return null;
    }

    /** The oldest value kept for this envelope, left in place; null when none is. */
    @Nullable
    T find(Envelope envelope) {
        for (Entry<T> e : entries) {
            if (e.envelope() == envelope) {
                return e.value();
            }
        }
        return null;
    }

    /** The newest value: the send that a new connection on this thread is for. */
    @Nullable
    T newest() {
        Entry<T> e = entries.peekLast();
        return e == null ? null : e.value();
    }
}
