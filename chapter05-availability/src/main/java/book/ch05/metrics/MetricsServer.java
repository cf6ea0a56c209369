package book.ch05.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a registry at {@code GET /metrics} on the JDK's own HTTP server, for Prometheus to
 * scrape. It binds 127.0.0.1 (a scraper on the same host, or a sidecar, reaches it; the world
 * does not: metrics tell an attacker a lot). Anything but GET or HEAD is 405, any other path
 * 404. Each scrape renders the text afresh, so it costs the scraper's interval, not the
 * application's request rate.
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving {@code registry} on 127.0.0.1:{@code port} (0: any free port). */
    public static MetricsServer start(MetricRegistry registry, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        MetricsServer metrics = new MetricsServer(http);
        http.createContext("/", exchange -> metrics.handle(exchange, registry));
        http.setExecutor(metrics.executor);
        http.start();
        return metrics;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange, MetricRegistry registry) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = PrometheusText.write(registry).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops accepting, lets a scrape in progress finish (at most a second), then stops. */
    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }
}
