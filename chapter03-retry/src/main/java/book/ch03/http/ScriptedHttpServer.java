package book.ch03.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * A loopback HTTP server (the JDK's own) whose answers are scripted, in the manner of
 * OkHttp's MockWebServer: statuses, headers, delays and dropped connections, in order.
 * It records what it saw, so a test can check what the client really sent. Every answer
 * carries {@code Connection: close}, so each attempt is a fresh connection and a dropped
 * one is seen by the client, not hidden by the JDK client's own retry of a stale pooled
 * connection. Bounded: a request body limit and a limit on exchanges served at once.
 */
public final class ScriptedHttpServer implements AutoCloseable {

    /** One request as the server saw it. */
    public record Seen(String method, String path, long atMillis, Step answer) {
    }

    static final int MAX_REQUEST_BODY = 64 * 1024;
    /** Exchanges served at once; more get a 503 at once, without using a step of the script. */
    static final int MAX_CONCURRENT_EXCHANGES = 64;

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight = new Semaphore(MAX_CONCURRENT_EXCHANGES);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final IntFunction<Step> script;
    private final List<Seen> seen = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    /** The answers in order; once they run out, 200 "ok". */
    public static ScriptedHttpServer answering(List<Step> steps) throws IOException {
        List<Step> copy = List.copyOf(steps);
        return new ScriptedHttpServer(n -> n < copy.size() ? copy.get(n) : Step.status(200), 0);
    }

    /** @param script the answer to the n-th request (0-based) */
    public ScriptedHttpServer(IntFunction<Step> script, int port) throws IOException {
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(handlers);
        server.createContext("/", this::limited);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void limited(HttpExchange exchange) throws IOException {
        if (!inFlight.tryAcquire()) {
            try (exchange) {
                exchange.getResponseHeaders().set("Connection", "close");
                exchange.sendResponseHeaders(503, -1); // over the limit: shed, keep serving the others
            }
            return;
        }
        try {
            handle(exchange);
        } finally {
            inFlight.release();
        }
    }

    // tag::handle[]
    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Step step;
            synchronized (this) {
                step = script.apply(seen.size());
                long at = (System.nanoTime() - startNanos) / 1_000_000;
                seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), at, step));
            }
            drain(exchange.getRequestBody());
            if (step.dropConnection()) {
                return; // closing the exchange before any response drops the connection
            }
            Thread.sleep(step.delay());
            byte[] body = (step.status() + "\n").getBytes(StandardCharsets.US_ASCII);
            step.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(step.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing: drop this exchange
        }
    }
    // end::handle[]

    private static void drain(InputStream body) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; ) {
            total += n;
            if (total > MAX_REQUEST_BODY) {
                throw new IOException("request body exceeds the " + MAX_REQUEST_BODY + "-byte limit");
            }
        }
    }

    /**
     * Stops at once: closes the listener and the open connections, then interrupts handlers
     * still waiting out a scripted delay and waits for them to finish. Safe to call twice.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A script that fails with this step for a while after the server starts, then answers 200. */
    public static IntFunction<Step> failingFor(Duration window, Step failure) {
        long until = System.nanoTime() + window.toNanos();
        return n -> System.nanoTime() < until ? failure : Step.status(200);
    }
}
