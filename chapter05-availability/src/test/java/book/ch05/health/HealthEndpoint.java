package book.ch05.health;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tiny loopback server for this package's tests: answers every path with the status its
 * mode says, or stalls (reads the request and never answers) until closed. Bound to
 * 127.0.0.1 on a port the system chose.
 */
final class HealthEndpoint implements AutoCloseable {

    enum Mode { OK, FAILING, STALLED }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    private final CountDownLatch closing = new CountDownLatch(1);

    HealthEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                Mode m = mode.get();
                if (m == Mode.STALLED) {
                    closing.await(); // accept, read, never answer
                    return;
                }
                byte[] body = (m == Mode.OK ? "ok\n" : "failing\n").getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(m == Mode.OK ? 200 : 503, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
    }

    void mode(Mode m) {
        mode.set(m);
    }

    @Override
    public void close() throws InterruptedException {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
