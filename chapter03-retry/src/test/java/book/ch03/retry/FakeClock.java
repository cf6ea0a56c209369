package book.ch03.retry;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A wall clock and a monotonic ticker that move only when told, and a sleeper that records each
 * sleep and moves both by it: backoff tests assert the exact sleeps and take no time. The wall
 * clock can also be stepped alone ({@link #stepWall}), as NTP or an operator steps a real one,
 * to show that what runs on the ticker does not notice.
 */
public final class FakeClock implements InstantSource, Ticker {

    private long monotonicMillis;
    private long wallOffsetMillis;
    private final List<Long> sleeps = new ArrayList<>();

    public FakeClock(long startMillis) {
        this.monotonicMillis = startMillis;
    }

    @Override
    public synchronized long millis() {
        return monotonicMillis + wallOffsetMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public synchronized long nanoTime() {
        return monotonicMillis * 1_000_000;
    }

    /** Time passes: both clocks move. */
    public synchronized void advance(long byMillis) {
        monotonicMillis += byMillis;
    }

    /** The wall clock is stepped (back, if negative); the ticker does not move. */
    public synchronized void stepWall(long byMillis) {
        wallOffsetMillis += byMillis;
    }

    /** Sleeps without waiting: records the sleep and moves the clocks. */
    public Sleeper sleeper() {
        return ms -> {
            synchronized (this) {
                sleeps.add(ms);
                monotonicMillis += ms;
            }
        };
    }

    public synchronized List<Long> sleeps() {
        return List.copyOf(sleeps);
    }
}
