package book.ch01.transfer;

import book.ch01.time.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A monotonic ticker that moves only when something sleeps on it, and remembers every sleep;
 * beside it a wall clock that a test may step back and forth, to show that nothing reads it.
 */
final class FakeTime implements Sleeper {

    private long nanos = 1_000_000_000_000L; // an arbitrary origin, as System.nanoTime's
    private Instant wall = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Duration> sleeps = new ArrayList<>();

    synchronized long nanoTime() {
        return nanos;
    }

    /** The wall clock, as an NTP step or {@code date -s} would move it; the ticker does not move. */
    synchronized void stepWallClock(Duration step) {
        wall = wall.plus(step);
    }

    synchronized Instant wallClock() {
        return wall;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        if (duration.isPositive()) {
            sleeps.add(duration);
            advance(duration);
        }
    }

    synchronized void advance(Duration duration) {
        nanos += duration.toNanos();
        wall = wall.plus(duration);
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    synchronized Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
