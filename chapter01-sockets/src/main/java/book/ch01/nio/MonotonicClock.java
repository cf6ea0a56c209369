package book.ch01.nio;

import java.time.Instant;
import java.time.InstantSource;

/**
 * An {@link InstantSource} that only moves forward, for measuring how long something took or
 * has been idle. The wall clock is the wrong tool for that: an NTP step or an operator's
 * {@code date -s} would make every connection look idle at once, or none for an hour. The
 * instants it returns count from an arbitrary origin; compare them with each other only.
 */
public final class MonotonicClock implements InstantSource {

    public static final MonotonicClock INSTANCE = new MonotonicClock();

    private MonotonicClock() {
    }

    @Override
    public Instant instant() {
        return Instant.EPOCH.plusNanos(System.nanoTime());
    }
}
