package book.ch01.transfer;

import book.ch01.udp.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when something sleeps on it, and remembers every sleep. */
final class FakeTime implements InstantSource, Sleeper {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        if (duration.isPositive()) {
            sleeps.add(duration);
            now = now.plus(duration);
        }
    }

    synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    synchronized Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
