package book.ch01.echo;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that outlive a maximum age. {@code SO_TIMEOUT} bounds the silence between
 * two bytes and nothing more: a client that trickles one byte just inside the read timeout, or
 * one that never reads its replies so that the server's write blocks (a blocking write has no
 * timeout at all), would keep its slot for as long as it liked. A bound on the connection's age
 * catches both. The chapter's blocking server and its TLS server both use it.
 */
public final class ConnectionAgeLimit implements AutoCloseable {

    private final Duration maxAge;
    private final ScheduledThreadPoolExecutor timer;

    public ConnectionAgeLimit(Duration maxAge, String threadName) {
        this.maxAge = maxAge;
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name(threadName).daemon().factory());
        timer.setRemoveOnCancelPolicy(true);        // short connections leave no cancelled tasks behind
    }

    /** Runs {@code onExpiry} once a connection starting now reaches the maximum age; cancel it if it ends first. */
    public Future<?> watch(Runnable onExpiry) {
        return timer.schedule(onExpiry, maxAge.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
