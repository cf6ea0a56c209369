package book.ch03.retry;

/**
 * Waits between attempts. Injected so that tests record the sleeps and advance a fake clock
 * instead of waiting, and so that a program can stop waiting when it is interrupted.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits this many milliseconds, or throws as soon as the thread is interrupted. */
    void sleep(long millis) throws InterruptedException;

    /** The real thing; on a virtual thread it parks without holding a carrier. */
    static Sleeper system() {
        return Thread::sleep;
    }
}
