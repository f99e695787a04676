package dev.netsmtp.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.Envelope;
import org.junit.jupiter.api.Test;

/** What a thread has under way: matched by envelope, oldest first, and never more than a few. */
class InFlightTests {

    @Test
    void theSameEnvelopeTwicePairsOldestFirstAndAnotherEnvelopeItsOwn() {
        Envelope a = Envelope.of("s@example.com", "a@example.com");
        Envelope b = Envelope.of("s@example.com", "b@example.com");
        InFlight<String> inFlight = new InFlight<>();
        inFlight.add(a, "a1");
        inFlight.add(b, "b1");
        inFlight.add(a, "a2");
        assertThat(inFlight.newest()).isEqualTo("a2");
        assertThat(inFlight.remove(a)).isEqualTo("a1");
        assertThat(inFlight.find(b)).isEqualTo("b1");
        assertThat(inFlight.remove(b)).isEqualTo("b1");
        assertThat(inFlight.remove(a)).isEqualTo("a2");
        assertThat(inFlight.remove(a)).isNull();
    }

    @Test
    void transactionsThatNeverEndAreDroppedOldestFirstInsteadOfPilingUp() {
        InFlight<Integer> inFlight = new InFlight<>();
        Envelope[] aborted = new Envelope[100];
        for (int i = 0; i < aborted.length; i++) {
            aborted[i] = Envelope.of("s@example.com", "r" + i + "@example.com");
            inFlight.add(aborted[i], i);
        }
        assertThat(inFlight.remove(aborted[0])).as("the oldest went").isNull();
        assertThat(inFlight.remove(aborted[99 - InFlight.MOST])).isNull();
        assertThat(inFlight.remove(aborted[99])).isEqualTo(99);
    }
}
