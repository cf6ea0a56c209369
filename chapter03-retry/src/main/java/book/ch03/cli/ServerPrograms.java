package book.ch03.cli;

import java.util.concurrent.CountDownLatch;

/**
 * What every server program of the chapter does around its server: bound the JDK HTTP server's
 * times and connections, then serve until Ctrl-C and close gracefully from a shutdown hook.
 */
public final class ServerPrograms {

    private ServerPrograms() {
    }

    /**
     * The JDK's server has no per-server read timeout or connection limit, only these global
     * properties, read once when the first server is created: set them (unless the user did)
     * before that, so a client that stalls mid-request cannot hold a thread forever.
     */
    public static void limitHttpServerTimes() {
        setIfAbsent("sun.net.httpserver.maxReqTime", "120");     // seconds to receive a request
        setIfAbsent("sun.net.httpserver.maxRspTime", "120");     // seconds to send a response
        setIfAbsent("jdk.httpserver.maxConnections", "256");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Blocks until Ctrl-C (or SIGTERM), whose hook closes {@code server} gracefully. */
    public static void serveUntilStopped(AutoCloseable server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            }
            stopped.countDown();
        }, "graceful-stop"));
        stopped.await();
    }
}
