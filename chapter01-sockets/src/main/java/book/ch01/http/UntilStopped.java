package book.ch01.http;

import java.util.concurrent.CountDownLatch;
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
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            closeLogged(server);
            closed.countDown();
        }, "graceful-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            closed.await();
        } catch (InterruptedException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running and will close the server
            }
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
