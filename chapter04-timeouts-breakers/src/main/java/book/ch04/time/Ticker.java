package book.ch04.time;

/**
 * A monotonic clock: nanoseconds from an arbitrary origin, of which only differences mean
 * anything. Every elapsed time, timeout and deadline in this chapter reads one of these and
 * never the wall clock, which NTP or an operator can step back or forth; tests pass a
 * hand-driven one and walk time exactly.
 */
@FunctionalInterface
public interface Ticker {

    long nanoTime();

    /** {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
