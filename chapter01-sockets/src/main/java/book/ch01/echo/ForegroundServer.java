package book.ch01.echo;

import book.ch01.cli.ShutdownSignal;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Runs a server in the foreground of a program: prints where it listens, serves until Ctrl-C
 * or an interrupt, then shuts down gracefully and prints what it did. Ctrl-C runs the JVM's
 * shutdown hooks and the JVM halts as soon as they return, so the {@link ShutdownSignal}'s hook
 * closes the server and then waits for the program's last words.
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

        /** A server that does not implement this interface (a copyable unit may not), seen through it. */
        static Server of(String address, Awaiting awaitClosed, Supplier<Object> stats, Runnable close) {
            return new Server() {
                @Override
                public String address() {
                    return address;
                }

                @Override
                public void awaitClosed() throws InterruptedException {
                    awaitClosed.await();
                }

                @Override
                public Object stats() {
                    return stats.get();
                }

                @Override
                public void close() {
                    close.run();
                }
            };
        }
    }

    /** Blocks until something has ended. */
    @FunctionalInterface
    public interface Awaiting {
        void await() throws InterruptedException;
    }

    private ForegroundServer() {
    }

    // tag::run[]
    public static void run(Server server, String what, PrintStream out) throws InterruptedException {
        ShutdownSignal signal = ShutdownSignal.install(server);    // Ctrl-C: a graceful close
        try {
            out.println(what + " listening on " + server.address() + " (Ctrl-C stops it)");
            server.awaitClosed();
        } finally {
            server.close();                             // an interrupt got here first, or waits for the hook
            out.println("stopped: " + server.stats());
            signal.close();                             // the hook may now let the JVM halt
        }
    }
    // end::run[]
}
