package book.ch01.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleTrackerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final IdleTracker<String> tracker = new IdleTracker<>(TIMEOUT);

    @Test
    void expiresExactlyAtTheTimeoutAndNotAMillisecondBefore() {
        tracker.touch("a", T0);
        assertEquals(List.of(), tracker.expired(T0.plus(TIMEOUT).minusMillis(1)));
        assertEquals(List.of("a"), tracker.expired(T0.plus(TIMEOUT)));
        assertEquals(0, tracker.size(), "an expired connection is forgotten");
    }

    @Test
    void activityMovesAConnectionBehindTheQuietOnes() {
        tracker.touch("a", T0);
        tracker.touch("b", T0.plusSeconds(1));
        tracker.touch("a", T0.plusSeconds(2)); // a spoke again: b is now the oldest
        assertEquals(List.of("b"), tracker.expired(T0.plusSeconds(11)));
        assertEquals(List.of("a"), tracker.expired(T0.plusSeconds(12)));
    }

    @Test
    void reportsTimeUntilTheOldestConnectionCouldExpire() {
        assertEquals(TIMEOUT, tracker.untilNextExpiry(T0), "nothing tracked: a full timeout");
        tracker.touch("a", T0);
        tracker.touch("b", T0.plusSeconds(4));
        assertEquals(Duration.ofSeconds(7), tracker.untilNextExpiry(T0.plusSeconds(3)));
        assertEquals(Duration.ZERO, tracker.untilNextExpiry(T0.plusSeconds(30)), "overdue: no negative waits");
        tracker.remove("a");
        assertEquals(Duration.ofSeconds(11), tracker.untilNextExpiry(T0.plusSeconds(3)));
    }
}
