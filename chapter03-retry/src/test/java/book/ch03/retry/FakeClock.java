package book.ch03.retry;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that moves only when told, and a sleeper that records each sleep and moves the
 * clock by it: backoff tests assert the exact sleeps and take no time.
 */
public final class FakeClock implements InstantSource {

    private long millis;
    private final List<Long> sleeps = new ArrayList<>();

    public FakeClock(long startMillis) {
        this.millis = startMillis;
    }

    @Override
    public synchronized long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    public synchronized void advance(long byMillis) {
        millis += byMillis;
    }

    /** Sleeps without waiting: records the sleep and moves the clock. */
    public Sleeper sleeper() {
        return ms -> {
            synchronized (this) {
                sleeps.add(ms);
                millis += ms;
            }
        };
    }

    public synchronized List<Long> sleeps() {
        return List.copyOf(sleeps);
    }
}
