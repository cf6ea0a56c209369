package book.ch01.echo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a server in the foreground of a program: prints where it listens, serves until Ctrl-C
 * or an interrupt, then shuts down gracefully and prints what it did. Ctrl-C runs the JVM's
 * shutdown hooks and the JVM halts as soon as they return, so the hook closes the server and
 * then waits for the program's last words.
 */
public final class ForegroundServer {

    /** What a server offers to run in the foreground; {@link BlockingServer} is one. */
    public interface Server extends AutoCloseable {
        /** Where it listens, as {@code 127.0.0.1:PORT}. */
        String address();

        /** Blocks until the server has closed, by whichever thread. */
        void awaitClosed() throws InterruptedException;

        /** What it did, for the last line the program prints. */
        Object stats();

        /** Closes gracefully; a second call waits for the first. */
        @Override
        void close();
    }

    /** How long the shutdown hook waits for the report after the server has closed. */
    private static final Duration REPORT_GRACE = Duration.ofSeconds(2);

    private ForegroundServer() {
    }

    // tag::run[]
    public static void run(Server server, String what, PrintStream out) throws InterruptedException {
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            server.close();                             // graceful: drains, then forces
            awaitQuietly(reported);                     // let run() print before the JVM halts
        });
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(what + " listening on " + server.address() + " (Ctrl-C stops it)");
        try {
            server.awaitClosed();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and closes the server
            }
            server.close();                             // an interrupt got here first, or waits for the hook
            out.println("stopped: " + server.stats());
            reported.countDown();
        }
    }
    // end::run[]

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(REPORT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
