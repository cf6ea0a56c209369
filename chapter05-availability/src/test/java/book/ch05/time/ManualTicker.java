package book.ch05.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that moves only when a test says so; safe to read from many threads. */
public final class ManualTicker implements Ticker {

    private final AtomicLong now;

    public ManualTicker() {
        this(1_000_000_000L); // not zero, so code that treats 0 as "never" is caught
    }

    public ManualTicker(long startNanos) {
        this.now = new AtomicLong(startNanos);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    public void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    public void advanceNanos(long nanos) {
        now.addAndGet(nanos);
    }
}
