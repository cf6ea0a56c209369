package book.ch01.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a long-running program stop cleanly on Ctrl-C (or SIGTERM). Its shutdown hook closes the
 * program's service and then waits, for a bounded time, until the program has printed its final
 * report, because the JVM exits as soon as its hooks return. The program closes the signal (in
 * a finally block, after its report) to say it is done; that also removes the hook, so a program
 * can run many times in one JVM, as it does in tests. Every server program of the chapter stops
 * this way.
 */
public final class ShutdownSignal implements AutoCloseable {

    /** How long Ctrl-C waits for the final report before the JVM exits anyway. */
    public static final Duration FINISH_GRACE = Duration.ofSeconds(5);

    private final CountDownLatch serviceClosed = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal(AutoCloseable service) {
        this.hook = new Thread(() -> {
            try {
                service.close();
                serviceClosed.countDown();
                finished.await(FINISH_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            } finally {
                serviceClosed.countDown();
            }
        }, "shutdown-signal");
    }

    /** Closes {@code service} when the JVM is asked to stop (Ctrl-C, SIGTERM). */
    public static ShutdownSignal install(AutoCloseable service) {
        ShutdownSignal signal = new ShutdownSignal(service);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Blocks until the hook has closed the service: for a program with nothing else to wait on. */
    public void awaitServiceClosed() throws InterruptedException {
        serviceClosed.await();
    }

    /** The program is done: lets a running hook return, or removes the hook if none runs. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and will return now that finished is counted down
        }
    }
}
