package book.ch01.http;

import book.ch01.cli.ShutdownSignal;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a server program running until Ctrl-C, then closes the server gracefully from a
 * shutdown hook; an interrupt closes it as well. Without the hook, Ctrl-C would kill the JVM
 * with exchanges half-answered.
 */
public final class UntilStopped {

    private static final Logger LOG = Logger.getLogger(UntilStopped.class.getName());

    private UntilStopped() {
    }

    public static void await(AutoCloseable server) throws InterruptedException {
        try (ShutdownSignal signal = ShutdownSignal.install(server)) {
            signal.awaitServiceClosed();
        } catch (InterruptedException e) {
            closeLogged(server);
            throw e;
        }
    }

    private static void closeLogged(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "stopping " + server + " failed", e);
        }
    }
}
