package book.ch03.idempotency;

import book.ch03.retry.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand, so expiry is exact and instant. */
final class MutableClock implements InstantSource, Ticker {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public long nanoTime() {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    void advance(Duration d) {
        now = now.plus(d);
    }
}
