package book.ch03.retry;

/**
 * A monotonic source of nanoseconds: what every elapsed time, timeout and deadline of the retry
 * loop is measured on. The wall clock steps (NTP, a VM resumed, an operator); with it, a 5 s
 * retry window once allowed 99 one-second retries after a step back of an hour. Injected, so
 * tests move time by hand.
 */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoTime();

    /** {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
