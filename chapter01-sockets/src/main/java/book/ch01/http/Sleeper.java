package book.ch01.http;

import java.time.Duration;

/** How a handler waits, injected so that tests decide when a "slow" handler finishes. */
@FunctionalInterface
public interface Sleeper {

    /** The real thing: blocks the (virtual) thread. */
    Sleeper REAL = Thread::sleep;

    void sleep(Duration duration) throws InterruptedException;
}
