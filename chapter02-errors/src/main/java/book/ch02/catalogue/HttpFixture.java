package book.ch02.catalogue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The JDK's own HTTP server on loopback, answering the HTTP-level failures on request:
 * {@code /status/503} answers 503 (with {@code Retry-After: 1} for 429 and 503), {@code /loop}
 * redirects to itself forever, {@code /ok} answers 200, {@code /bytes/1000} answers 200 with 1000
 * bytes of a known pattern ({@link #patternByte}). Over TLS when given a server context.
 */
public final class HttpFixture implements AutoCloseable {

    /** The Retry-After the fixture sends with 429 and 503, in seconds. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger loopRequests = new AtomicInteger();
    private final String scheme;

    private HttpFixture(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(executor);
        server.createContext("/status/", this::status);
        server.createContext("/loop", this::loop);
        server.createContext("/ok", exchange -> respond(exchange, 200));
        server.createContext("/bytes/", this::bytes);
        server.start();
    }

    public static HttpFixture http() throws IOException {
        return new HttpFixture(HttpServer.create(loopback(), 0), "http");
    }

    public static HttpFixture https(SSLContext serverContext) throws IOException {
        HttpsServer server = HttpsServer.create(loopback(), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        return new HttpFixture(server, "https");
    }

    /** An address on this fixture, by IP so that no name is looked up. */
    public URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** How many requests reached {@code /loop}: the redirects the client followed, plus one. */
    public int loopRequests() {
        return loopRequests.get();
    }

    private void status(HttpExchange exchange) throws IOException {
        int code;
        try {
            code = Integer.parseInt(exchange.getRequestURI().getPath().substring("/status/".length()));
        } catch (NumberFormatException e) {
            code = 400;
        }
        if (code < 200 || code > 599) {
            code = 400;
        }
        if (code == 429 || code == 503) {
            exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        }
        respond(exchange, code);
    }

    /** Up to this many bytes from {@code /bytes/N}. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    /** The byte at {@code index} of a {@code /bytes/N} body: a pattern, so a changed byte shows. */
    public static byte patternByte(int index) {
        return (byte) ('a' + index % 26);
    }

    private void bytes(HttpExchange exchange) throws IOException {
        try (exchange) {
            int n;
            try {
                n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/bytes/".length()));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n > MAX_BODY_BYTES) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            byte[] body = new byte[n];
            for (int i = 0; i < n; i++) {
                body[i] = patternByte(i);
            }
            exchange.sendResponseHeaders(200, n == 0 ? -1 : n);
            exchange.getResponseBody().write(body);
        }
    }

    private void loop(HttpExchange exchange) throws IOException {
        loopRequests.incrementAndGet();
        exchange.getResponseHeaders().set("Location", "/loop");
        respond(exchange, 302);
    }

    private static void respond(HttpExchange exchange, int code) throws IOException {
        try (exchange) {
            byte[] body = ("status " + code + "\n").getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
