package book.ch04.timeout;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A timeout for blocking I/O that has none: if the operation has not finished when the time is
 * up, the watchdog closes the socket (or channel, or stream) it is blocked on, which makes the
 * blocked call throw at once and frees everything it held. Plain {@code java.net.Socket} has no
 * write timeout ({@code SO_TIMEOUT} bounds reads only), so a write to a peer that stopped
 * reading blocks as long as the peer likes; this is how to bound it. The same closes a whole
 * call that must not outlive its deadline.
 *
 * <p>Closing is the only portable way to stop a blocked {@code java.net} operation on a
 * platform thread: interrupting does nothing there. The resource is unusable afterwards, which
 * is right: after a timeout you cannot know how much of a write the peer received.
 *
 * <p>One daemon timer thread per watchdog, cancelled timers removed at once; close it when done.
 * Copyable unit "watchdog" (this file alone).
 *
 * <p>Specified by: TimeoutsOnLoopbackTest, TimeoutStopsTheWorkTest
 */
public final class Watchdog implements AutoCloseable {

    /** A blocking operation on a resource. */
    @FunctionalInterface
    public interface IoCall<T> {
        T call() throws IOException;
    }

    private final ScheduledThreadPoolExecutor timer;

    public Watchdog() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    // tag::within[]
    /**
     * Runs {@code call}; if it has not returned within {@code timeout}, closes {@code resource}
     * and throws {@link SocketTimeoutException} naming {@code what}.
     */
    public <T> T within(Duration timeout, Closeable resource, String what, IoCall<T> call) throws IOException {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> alarm = timer.schedule(() -> {
            fired.set(true);
            closeQuietly(resource); // unblocks the call: it throws a SocketException at once
        }, TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS); // saturates, never overflows
        try {
            T result = call.call();
            if (fired.get()) { // finished as the alarm went off: the resource is closed anyway
                throw timedOut(what, timeout, null);
            }
            return result;
        } catch (IOException e) {
            throw fired.get() ? timedOut(what, timeout, e) : e;
        } finally {
            alarm.cancel(false);
        }
    }
    // end::within[]

    private static SocketTimeoutException timedOut(String what, Duration timeout, IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException(
                what + " did not finish within " + timeout.toMillis() + " ms; closed the connection");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing to stop a blocked call: a failure to close changes nothing for the caller
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
